namespace KernelLib.NN;

/// <summary>The parts of <c>torch.nn.init</c> that module constructors use.</summary>
internal static class ParameterInit
{
    /// <summary>
    /// The bound of <c>kaiming_uniform_(w, a=sqrt(5))</c>, computed in PyTorch's order of operations
    /// (gain = sqrt(2 / (1 + a^2)), std = gain / sqrt(fan_in), bound = sqrt(3) * std): about 1/sqrt(fan_in).
    /// </summary>
    internal static double KaimingUniformBound(long fanIn)
    {
        double a = Math.Sqrt(5.0);
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        return Math.Sqrt(3.0) * (gain / Math.Sqrt(fanIn));
    }

    /// <summary>PyTorch's <c>uniform_(-bound, bound)</c>: lo + (hi - lo) * u for each value; a zero bound gives +0, never -0.</summary>
    internal static void Uniform(Span<float> values, double bound, Random random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(-bound + 2.0 * bound * random.NextDouble());
        }
    }
}
