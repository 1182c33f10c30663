using System.Runtime.InteropServices;

namespace KernelLib.Interop;

// Blittable mirrors of the parameter structs in kernellib.h, field for field.

[StructLayout(LayoutKind.Sequential)]
internal struct GemmParams
{
    public int TransA;
    public int TransB;
    public long M, N, K;
    public long Lda, Ldb, Ldc;
    public float Alpha, Beta;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LinearParams
{
    public long Batch;
    public long InFeatures;
    public long OutFeatures;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PoolParams
{
    public long Planes;
    public long InD, InH, InW;
    public long OutD, OutH, OutW;
    public long KernelD, KernelH, KernelW;
    public long StrideD, StrideH, StrideW;
    public long PadD, PadH, PadW;
    public long DilationD, DilationH, DilationW;
    public long DivisorOverride;
    public int CeilMode;
    public int CountIncludePad;
}

[StructLayout(LayoutKind.Sequential)]
internal struct AdaptivePoolParams
{
    public long Planes;
    public long InD, InH, InW;
    public long OutD, OutH, OutW;
}

[StructLayout(LayoutKind.Sequential)]
internal struct UnpoolParams
{
    public long Planes;
    public long InD, InH, InW;
    public long OutD, OutH, OutW;
}

[StructLayout(LayoutKind.Sequential)]
internal struct ConvParams
{
    public long Batch;
    public long InChannels, OutChannels, Groups;
    public long InD, InH, InW;
    public long OutD, OutH, OutW;
    public long KernelD, KernelH, KernelW;
    public long StrideD, StrideH, StrideW;
    public long PadD, PadH, PadW;
    public long PadDEnd, PadHEnd, PadWEnd;
    public long DilationD, DilationH, DilationW;
    public long OutputPadD, OutputPadH, OutputPadW;
    public int Transposed;
    public int PaddingMode;
}
