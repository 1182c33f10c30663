using System.Numerics.Tensors;
using Xunit;

namespace KernelLib.Tests;

/// <summary>ReLU's validation: destination shape, overlap other than exact aliasing, density.</summary>
[Trait("Category", "Errors")]
public sealed class ReLUErrorTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Theory, MemberData(nameof(Backends))]
    public void WrongDestinationShape_Throws(KernelBackend backend)
    {
        var x = new float[6];
        foreach (nint[] wrong in new nint[][] { [3, 2], [6], [2, 3, 1], [2, 4] })
        {
            var y = new float[Tensors.Elements(wrong)];
            ErrorAssert.Throws(() => Functional.ReLU(Tensors.ReadOnly(x, 2, 3), Tensors.Writable(y, wrong), backend), "destination");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void PartiallyOverlappingDestination_Throws(KernelBackend backend)
    {
        var buffer = new float[64];
        // 32-element input and destination, the destination starting `offset` elements after the input.
        foreach (int offset in new[] { 1, 7, -1, -31 })
        {
            int inputStart = offset > 0 ? 0 : -offset, outputStart = offset > 0 ? offset : 0;
            ErrorAssert.Throws(() => Functional.ReLU(
                new ReadOnlyTensorSpan<float>(buffer.AsSpan(inputStart, 32), [32]),
                new TensorSpan<float>(buffer.AsSpan(outputStart, 32), [32]), backend), "destination");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void NonDenseTensors_Throw(KernelBackend backend)
    {
        var buffer = new float[20];
        ErrorAssert.Throws(() => Functional.ReLU(new ReadOnlyTensorSpan<float>(buffer, [10], [2]), backend), "input", "dense");
        ErrorAssert.Throws(() => Functional.ReLU(Tensors.ReadOnly(new float[10], 10), new TensorSpan<float>(buffer, [10], [2]), backend),
            "destination", "dense");
        ErrorAssert.Throws(() => Functional.ReLUInPlace(new TensorSpan<float>(buffer, [10], [2]), backend), "input", "dense");
    }
}
