using System.Runtime.Intrinsics;

namespace KernelLib;

/// <summary>An elementwise float operation; the scalar <see cref="Invoke(float)"/> is its definition.</summary>
internal interface IUnaryOperator
{
    /// <summary>The operation on one element.</summary>
    static abstract float Invoke(float x);

    /// <summary>The same operation on 8 lanes; must agree with the scalar one lane by lane, bit for bit.</summary>
    static abstract Vector256<float> Invoke(Vector256<float> x);

    /// <summary>The same operation on 16 lanes; must agree with the scalar one lane by lane, bit for bit.</summary>
    static abstract Vector512<float> Invoke(Vector512<float> x);
}
