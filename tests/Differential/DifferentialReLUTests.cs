using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Native vs managed ReLU, bit for bit, over every length 0..256 (all vector tails) and a few
/// long ones, with NaN, infinities, signed zeros and subnormals mixed in. Native runs on guarded
/// buffers, out of place, in place through ReLU(x, x) and through ReLUInPlace.
/// </summary>
[Trait("Category", "Differential")]
public sealed class DifferentialReLUTests
{
    private static readonly float[] Specials =
        [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue];

    [Fact]
    public void LengthSweep_NativeMatchesManaged()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9500);
        for (int length = 0; length <= 256; length++)
            Check(length, rng);
        foreach (int length in new[] { 1000, 4099, 65_537, 1_000_003 })
            Check(length, rng);
    }

    private static void Check(int length, Random rng)
    {
        float[] input = Fill.Sprinkle(rng, Fill.Normal(rng, length), 0.25, Specials);
        string repro = Repro.Elementwise([length]);
        float[] expected = Tensors.ToArray(Functional.ReLU(Tensors.ReadOnly(input, length), KernelBackend.Managed));

        using var x = new GuardedBuffer<float>(input);
        using var y = new GuardedBuffer<float>(Fill.Constant(length, 42f));
        Functional.ReLU(x.AsReadOnlyTensorSpan(length), y.AsTensorSpan(length), KernelBackend.Native);
        Compare.Exact(expected, y.Span, repro.On(KernelBackend.Native));
        Compare.Exact(input, x.Span, repro.On(KernelBackend.Native) + " input unchanged");

        Functional.ReLU(x.AsReadOnlyTensorSpan(length), x.AsTensorSpan(length), KernelBackend.Native);
        Compare.Exact(expected, x.Span, repro.On(KernelBackend.Native) + " destination==input");

        using var inPlace = new GuardedBuffer<float>(input);
        Functional.ReLUInPlace(inPlace.AsTensorSpan(length), KernelBackend.Native);
        Compare.Exact(expected, inPlace.Span, repro.On(KernelBackend.Native) + " ReLUInPlace");
    }
}
