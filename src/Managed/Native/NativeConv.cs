using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls the native convolution entry points with a validated <see cref="ConvProblem"/>.</summary>
internal static unsafe class NativeConv
{
    /// <summary>The <c>kl_conv_params</c> of a problem (1-D and 2-D as 3-D with leading dims of 1).</summary>
    internal static ConvParams Parameters(ConvProblem p) => new()
    {
        Batch = p.Batch,
        InChannels = p.InChannels, OutChannels = p.OutChannels, Groups = p.Groups,
        InD = p.In.D, InH = p.In.H, InW = p.In.W,
        OutD = p.Out.D, OutH = p.Out.H, OutW = p.Out.W,
        KernelD = p.Kernel.D, KernelH = p.Kernel.H, KernelW = p.Kernel.W,
        StrideD = p.Stride.D, StrideH = p.Stride.H, StrideW = p.Stride.W,
        PadD = p.PadBegin.D, PadH = p.PadBegin.H, PadW = p.PadBegin.W,
        PadDEnd = p.PadEnd.D, PadHEnd = p.PadEnd.H, PadWEnd = p.PadEnd.W,
        DilationD = p.Dilation.D, DilationH = p.Dilation.H, DilationW = p.Dilation.W,
        OutputPadD = p.OutputPadding.D, OutputPadH = p.OutputPadding.H, OutputPadW = p.OutputPadding.W,
        Transposed = p.Transposed ? 1 : 0,
        PaddingMode = (int)p.PaddingMode,
    };

    /// <summary>One-shot <c>kl_conv_f32</c>; an empty <paramref name="bias"/> pins to NULL: no bias.</summary>
    internal static void Run(ConvProblem p, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y)
    {
        ConvParams parameters = Parameters(p);
        fixed (float* px = x)
        fixed (float* pw = weight)
        fixed (float* pb = bias)
        fixed (float* py = y)
        {
            NativeStatus.Check(NativeMethods.Conv(parameters, px, x.Length, pw, weight.Length, pb, bias.Length, py, y.Length));
        }
    }
}
