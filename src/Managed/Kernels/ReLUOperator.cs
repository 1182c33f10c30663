using System.Runtime.Intrinsics;

namespace KernelLib;

/// <summary>
/// PyTorch's relu: negatives become +0; everything else, NaN and -0.0 included, passes through unchanged
/// (torch.relu(-0.0) is -0.0, as its <c>x &lt; 0 ? 0 : x</c> kernel gives).
/// </summary>
internal readonly struct ReLUOperator : IUnaryOperator
{
    public static float Invoke(float x) => x < 0f ? 0f : x;

    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256<float>.Zero, x);

    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512<float>.Zero, x);
}
