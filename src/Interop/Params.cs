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
internal struct Pool2dParams
{
    public long Planes;
    public long InH, InW;
    public long OutH, OutW;
    public long KernelH, KernelW;
    public long StrideH, StrideW;
    public long PadH, PadW;
    public long DilationH, DilationW;
    public int CeilMode;
    public int Reserved;
}
