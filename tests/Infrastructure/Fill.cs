namespace KernelLib.Tests;

/// <summary>Seeded input generators. Every test builds its Random from a fixed seed.</summary>
public static class Fill
{
    /// <summary>Small integers (default -4..4): float32 sums of their products are exact.</summary>
    public static float[] Integers(Random rng, long count, int min = -4, int max = 4)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++)
            values[i] = rng.Next(min, max + 1);
        return values;
    }

    /// <summary>Integers in -4..4 without 0: short sums of them are rarely zero, so outputs carry information.</summary>
    public static float[] NonZeroIntegers(Random rng, long count)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++)
            values[i] = rng.Next(1, 5) * (rng.Next(2) == 0 ? -1 : 1);
        return values;
    }

    public static float[] Normal(Random rng, long count)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++)
        {
            // Box-Muller; 1 - NextDouble() is in (0, 1], so the log is finite.
            double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble()));
            values[i] = (float)(radius * Math.Cos(2.0 * Math.PI * rng.NextDouble()));
        }
        return values;
    }

    public static float[] Uniform(Random rng, long count, float min, float max)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++)
            values[i] = min + (max - min) * rng.NextSingle();
        return values;
    }

    /// <summary>Overwrites about <paramref name="fraction"/> of the values with the given specials, cycling through them.</summary>
    public static float[] Sprinkle(Random rng, float[] values, double fraction, params float[] specials)
    {
        int next = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (rng.NextDouble() < fraction)
                values[i] = specials[next++ % specials.Length];
        }
        return values;
    }

    public static float[] Constant(long count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }

    /// <summary>Zeros, about half of them -0: ties whose bits differ.</summary>
    public static float[] SignedZeros(Random rng, long count) => Sprinkle(rng, Constant(count, 0f), 0.5, -0f);

    /// <summary>Normal values, about a fifth of them NaN, +inf or -inf.</summary>
    public static float[] NanAndInfinities(Random rng, long count) =>
        Sprinkle(rng, Normal(rng, count), 0.2, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.NaN);

    /// <summary>-inf, about one in twenty NaN or -1.</summary>
    public static float[] MostlyNegativeInfinity(Random rng, long count) =>
        Sprinkle(rng, Constant(count, float.NegativeInfinity), 0.05, float.NaN, -1f);
}
