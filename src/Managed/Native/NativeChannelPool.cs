using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls <c>kl_channel_maxpool_f32</c> / <c>kl_channel_avgpool_f32</c> for a validated call.</summary>
internal static unsafe class NativeChannelPool
{
    internal static void Max(in ChannelPoolGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        fixed (float* px = input)
        fixed (float* py = output)
        {
            NativeStatus.Check(NativeMethods.ChannelMaxPool(g.Batch, g.Channels, g.PlaneSize, px, input.Length, py, output.Length));
        }
    }

    internal static void Average(in ChannelPoolGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        fixed (float* px = input)
        fixed (float* py = output)
        {
            NativeStatus.Check(NativeMethods.ChannelAvgPool(g.Batch, g.Channels, g.PlaneSize, px, input.Length, py, output.Length));
        }
    }
}
