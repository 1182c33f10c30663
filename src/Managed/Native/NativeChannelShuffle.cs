using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls <c>kl_channel_shuffle_f32</c> for a validated call.</summary>
internal static unsafe class NativeChannelShuffle
{
    internal static void Run(in ChannelShuffleShape shape, ReadOnlySpan<float> x, Span<float> y)
    {
        fixed (float* px = x)
        fixed (float* py = y)
        {
            NativeStatus.Check(NativeMethods.ChannelShuffle(shape.Batch, shape.Channels, shape.Groups, shape.PlaneSize,
                px, x.Length, py, y.Length));
        }
    }
}
