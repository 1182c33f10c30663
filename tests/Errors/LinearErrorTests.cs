using System.Numerics.Tensors;
using Xunit;

namespace KernelLib.Tests;

/// <summary>Linear's validation list from API.md, on every available backend.</summary>
[Trait("Category", "Errors")]
public sealed class LinearErrorTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Theory, MemberData(nameof(Backends))]
    public void ScalarInput_Throws(KernelBackend backend)
    {
        var w = new float[6];
        ErrorAssert.Throws(() => Functional.Linear(default(ReadOnlyTensorSpan<float>), Tensors.ReadOnly(w, 2, 3), backend), "input");
    }

    [Theory, MemberData(nameof(Backends))]
    public void WeightNotRank2_Throws(KernelBackend backend)
    {
        var x = new float[6];
        ErrorAssert.Throws(() => Functional.Linear(Tensors.ReadOnly(x, 2, 3), Tensors.ReadOnly(new float[3], 3), backend), "weight");
        ErrorAssert.Throws(() => Functional.Linear(Tensors.ReadOnly(x, 2, 3), Tensors.ReadOnly(new float[6], 1, 2, 3), backend), "weight");
    }

    [Theory, MemberData(nameof(Backends))]
    public void InnerDimensionMismatch_ThrowsWithPyTorchMessage(KernelBackend backend)
    {
        var x = new float[6];
        var w = new float[20];
        string[] blamed = ["input", "weight"];
        ErrorAssert.ThrowsNamingOneOf(() => Functional.Linear(Tensors.ReadOnly(x, 2, 3), Tensors.ReadOnly(w, 5, 4), backend),
            blamed, "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
        ErrorAssert.ThrowsNamingOneOf(() => Functional.Linear(Tensors.ReadOnly(x, 2, 3), Tensors.ReadOnly(w, 5, 4), Tensors.ReadOnly(new float[5], 5), backend),
            blamed, "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
        ErrorAssert.ThrowsNamingOneOf(() => Functional.Linear(Tensors.ReadOnly(x, 3), Tensors.ReadOnly(w, 5, 4), backend), blamed);
        ErrorAssert.ThrowsNamingOneOf(() => Functional.Linear(Tensors.ReadOnly(x, 1, 2, 3), Tensors.ReadOnly(w, 5, 4), backend), blamed);
    }

    [Theory, MemberData(nameof(Backends))]
    public void BiasOfWrongLengthOrRank_Throws(KernelBackend backend)
    {
        var x = new float[6];
        var w = new float[15];
        ErrorAssert.Throws(() => Functional.Linear(Tensors.ReadOnly(x, 2, 3), Tensors.ReadOnly(w, 5, 3), Tensors.ReadOnly(new float[4], 4), backend),
            "bias", "bias has 4 elements, expected out_features=5");
        ErrorAssert.Throws(() => Functional.Linear(Tensors.ReadOnly(x, 2, 3), Tensors.ReadOnly(w, 5, 3), Tensors.ReadOnly(new float[5], 1, 5), backend),
            "bias");
    }

    [Theory, MemberData(nameof(Backends))]
    public void WrongDestinationShape_Throws(KernelBackend backend)
    {
        var x = new float[6];
        var w = new float[15];
        var b = new float[5];
        // Expected [2, 5].
        foreach (nint[] wrong in new nint[][] { [2, 4], [10], [5, 2], [1, 2, 5], [2, 6] })
        {
            var y = new float[Tensors.Elements(wrong)];
            var ex = ErrorAssert.Throws(() => Functional.Linear(Tensors.ReadOnly(x, 2, 3), Tensors.ReadOnly(w, 5, 3), Tensors.Writable(y, wrong), backend),
                "destination");
            ErrorAssert.MentionsNumbers(ex, Array.ConvertAll(wrong, d => (long)d));
            ErrorAssert.Throws(() => Functional.Linear(Tensors.ReadOnly(x, 2, 3), Tensors.ReadOnly(w, 5, 3), Tensors.ReadOnly(b, 5), Tensors.Writable(y, wrong), backend),
                "destination");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void NonDenseTensors_Throw(KernelBackend backend)
    {
        var buffer = new float[40];
        ErrorAssert.Throws(() => Functional.Linear(Strided(buffer), Tensors.ReadOnly(new float[15], 5, 3), backend), "input", "dense");
        ErrorAssert.Throws(() => Functional.Linear(Tensors.ReadOnly(new float[12], 4, 3), Strided(buffer), backend), "weight", "dense");
        ErrorAssert.Throws(() => Functional.Linear(Tensors.ReadOnly(new float[6], 2, 3), Tensors.ReadOnly(new float[15], 5, 3),
            new TensorSpan<float>(buffer, [2, 5], [10, 1]), backend), "destination", "dense");

        // Rows 3 wide inside rows 10 apart: a [4, 3] view that is not contiguous.
        static ReadOnlyTensorSpan<float> Strided(float[] buffer) => new(buffer, [4, 3], [10, 1]);
    }
}
