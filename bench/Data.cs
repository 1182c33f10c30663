namespace KernelLib.Benchmarks;

internal static class Data
{
    /// <summary>Uniform floats in [-1, 1), seeded so every run measures the same data.</summary>
    public static float[] Random(long length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (long i = 0; i < length; i++) data[i] = random.NextSingle() * 2 - 1;
        return data;
    }
}
