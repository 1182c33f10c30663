using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Native vs managed Linear (the one-shot function and the module's pre-packed native plan) on
/// seeded random shapes of rank 1..3. Integer fills in -4..4 must agree exactly (threshold 0); random
/// floats within SumTolerance.Linear.
/// </summary>
[Trait("Category", "Differential")]
public sealed class DifferentialLinearTests
{
    [Fact]
    public void RandomShapes_IntegerFills_ExactlyEqual()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9100);
        for (int i = 0; i < 120; i++)
            Check(RandomInputShape(rng, rng.Next(1, 70)), rng.Next(1, 70), rng.Next(2) == 0, integers: true, rng);
    }

    [Theory]
    [InlineData(200, 300, 100)]  // batch over the M cache block, in over the K block
    [InlineData(1, 513, 33)]
    [InlineData(37, 8, 4100)]    // out over the N cache block
    public void LargeShapes_IntegerFills_ExactlyEqual(int batch, int inFeatures, int outFeatures)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        Check([batch, inFeatures], outFeatures, bias: true, integers: true, new Random(9200 + batch));
    }

    [Fact]
    public void RandomFloats_WithinSumTolerance()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9300);
        for (int i = 0; i < 60; i++)
            Check(RandomInputShape(rng, rng.Next(1, 150)), rng.Next(1, 90), rng.Next(2) == 0, integers: false, rng);
    }

    private static void Check(nint[] inputShape, int outFeatures, bool bias, bool integers, Random rng)
    {
        int inFeatures = (int)inputShape[^1];
        long inputLength = Tensors.Elements(inputShape);
        float[] x = integers ? Fill.Integers(rng, inputLength) : Fill.Normal(rng, inputLength);
        float[] w = integers ? Fill.Integers(rng, (long)outFeatures * inFeatures) : Fill.Normal(rng, (long)outFeatures * inFeatures);
        float[] b = bias ? (integers ? Fill.Integers(rng, outFeatures) : Fill.Normal(rng, outFeatures)) : [];
        nint[] outputShape = [.. inputShape[..^1], outFeatures];
        string repro = Repro.Linear(inputShape, outFeatures, bias) + (integers ? "_int" : "_randn");

        var expected = Tensors.ToArray(bias
            ? Functional.Linear(Tensors.ReadOnly(x, inputShape), Tensors.ReadOnly(w, outFeatures, inFeatures), Tensors.ReadOnly(b, outFeatures), KernelBackend.Managed)
            : Functional.Linear(Tensors.ReadOnly(x, inputShape), Tensors.ReadOnly(w, outFeatures, inFeatures), KernelBackend.Managed));

        using var xBuffer = new GuardedBuffer<float>(x);
        using var yBuffer = new GuardedBuffer<float>(Fill.Constant(expected.Length, float.NaN));
        if (bias)
            Functional.Linear(xBuffer.AsReadOnlyTensorSpan(inputShape), Tensors.ReadOnly(w, outFeatures, inFeatures), Tensors.ReadOnly(b, outFeatures), yBuffer.AsTensorSpan(outputShape), KernelBackend.Native);
        else
            Functional.Linear(xBuffer.AsReadOnlyTensorSpan(inputShape), Tensors.ReadOnly(w, outFeatures, inFeatures), yBuffer.AsTensorSpan(outputShape), KernelBackend.Native);

        using var module = new NN.Linear(inFeatures, outFeatures, bias) { Backend = KernelBackend.Native };
        if (bias)
            module.SetParameters(Tensors.ReadOnly(w, outFeatures, inFeatures), Tensors.ReadOnly(b, outFeatures));
        else
            module.SetParameters(Tensors.ReadOnly(w, outFeatures, inFeatures));
        using var yModule = new GuardedBuffer<float>(Fill.Constant(expected.Length, float.NaN));
        module.Forward(xBuffer.AsReadOnlyTensorSpan(inputShape), yModule.AsTensorSpan(outputShape));

        string native = repro.On(KernelBackend.Native);
        if (integers)
        {
            Compare.SameValues(expected, yBuffer.Span, native);
            Compare.SameValues(expected, yModule.Span, native + " module " + module.Implementation);
            Compare.NotMostlyZeros(expected, repro.On(KernelBackend.Managed));
            return;
        }
        var tolerance = SumTolerance.Linear(x, w, b, inFeatures, outFeatures);
        Compare.Within(expected, yBuffer.Span, tolerance, native);
        Compare.Within(expected, yModule.Span, tolerance, native + " module " + module.Implementation);
    }

    private static nint[] RandomInputShape(Random rng, int inFeatures) => rng.Next(3) switch
    {
        0 => [inFeatures],
        1 => [rng.Next(1, 20), inFeatures],
        _ => [rng.Next(1, 4), rng.Next(1, 6), inFeatures],
    };
}
