using Xunit;

namespace KernelLib.Tests;

/// <summary>NN constructors and parameter setters validate like the functions they wrap.</summary>
[Trait("Category", "Errors")]
public sealed class ModuleErrorTests
{
    // Forward blames its "input"; OutputShape may name the shape it was given ("inputShape") or the input it stands for.
    private static readonly string[] ShapeParameters = ["input", "inputShape"];

    [Fact]
    public void LinearWithNegativeFeatures_Throws()
    {
        ErrorAssert.MentionsNumbers(ErrorAssert.Throws(() => new NN.Linear(-1, 3), "inFeatures"), -1);
        ErrorAssert.MentionsNumbers(ErrorAssert.Throws(() => new NN.Linear(3, -2), "outFeatures"), -2);
    }

    [Fact]
    public void LinearSetParametersWithWrongShapes_Throws()
    {
        using var linear = new NN.Linear(3, 5);
        ErrorAssert.Throws(() => linear.SetParameters(Tensors.ReadOnly(new float[15], 3, 5), Tensors.ReadOnly(new float[5], 5)), "weight");
        ErrorAssert.Throws(() => linear.SetParameters(Tensors.ReadOnly(new float[15], 15), Tensors.ReadOnly(new float[5], 5)), "weight");
        ErrorAssert.Throws(() => linear.SetParameters(Tensors.ReadOnly(new float[15], 5, 3), Tensors.ReadOnly(new float[3], 3)), "bias");
    }

    [Fact]
    public void LinearForwardWithWrongInputOrDestination_Throws()
    {
        using var linear = new NN.Linear(3, 5);
        ErrorAssert.ThrowsNamingOneOf(() => linear.Forward(Tensors.ReadOnly(new float[8], 2, 4)), ShapeParameters,
            "mat1 and mat2 shapes cannot be multiplied (2x4 and 3x5)");
        ErrorAssert.ThrowsNamingOneOf(() => linear.OutputShape([2, 4]), ShapeParameters);
        ErrorAssert.Throws(() => linear.Forward(Tensors.ReadOnly(new float[6], 2, 3), Tensors.Writable(new float[8], 2, 4)), "destination");
    }

    [Fact]
    public void MaxPool2dWithInvalidParameters_Throws()
    {
        ErrorAssert.Throws(() => new NN.MaxPool2d(0), "kernelSize", "kernel size should be greater than zero");
        ErrorAssert.Throws(() => new NN.MaxPool2d(3, stride: (1, 0)), "stride", "stride should not be zero");
        ErrorAssert.Throws(() => new NN.MaxPool2d(3, stride: (1, -1)), "stride", "stride should be greater than zero");
        ErrorAssert.Throws(() => new NN.MaxPool2d(3, dilation: 0), "dilation", "dilation should be greater than zero");
        ErrorAssert.Throws(() => new NN.MaxPool2d(3, padding: 2), "padding");
        ErrorAssert.Throws(() => new NN.MaxPool2d(3, padding: (0, -1)), "padding");
    }

    [Fact]
    public void MaxPool2dOutputShapeOfTooSmallInput_Throws()
    {
        using var pool = new NN.MaxPool2d(3);
        ErrorAssert.ThrowsNamingOneOf(() => pool.OutputShape([3, 2, 2]), ShapeParameters, "Output size is too small");
        ErrorAssert.ThrowsNamingOneOf(() => pool.OutputShape([8, 8]), ShapeParameters, "3D or 4D (batch mode) tensor expected for input");
    }
}
