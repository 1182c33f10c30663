using Xunit.Sdk;

namespace KernelLib.Tests;

/// <summary>Element-wise comparisons that name the case (repro) and the first differing element.</summary>
public static class Compare
{
    /// <summary>
    /// Bit-for-bit equality, except that any NaN equals any NaN (payloads are not specified).
    /// The sign of zero counts: PyTorch's relu(-0.0) is -0.0.
    /// </summary>
    public static void Exact(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string repro)
    {
        Length(expected.Length, actual.Length, repro);
        int mismatches = 0, first = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (!SameBits(expected[i], actual[i]))
            {
                mismatches++;
                if (first < 0)
                    first = i;
            }
        }
        if (mismatches > 0)
        {
            throw new XunitException(
                $"{repro}: {mismatches} of {expected.Length} values differ; first at [{first}]: " +
                $"expected {Show(expected[first])}, got {Show(actual[first])}");
        }
    }

    /// <summary>
    /// Equality as numbers (threshold 0), NaN matching NaN, for sums: the sign of an exact zero sum
    /// depends on the summation order and FMA use, which neither PyTorch nor BLAS specifies.
    /// </summary>
    public static void SameValues(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string repro)
    {
        Length(expected.Length, actual.Length, repro);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i] && !(float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
                throw new XunitException($"{repro}: [{i}] expected {Show(expected[i])}, got {Show(actual[i])}");
        }
    }

    public static void Exact(ReadOnlySpan<long> expected, ReadOnlySpan<long> actual, string repro)
    {
        Length(expected.Length, actual.Length, repro);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
                throw new XunitException($"{repro}: index [{i}] expected {expected[i]}, got {actual[i]}");
        }
    }

    public static void Shape(ReadOnlySpan<nint> expected, ReadOnlySpan<nint> actual, string repro)
    {
        if (!expected.SequenceEqual(actual))
            throw new XunitException($"{repro}: expected shape {Tensors.FormatShape(expected)}, got {Tensors.FormatShape(actual)}");
    }

    /// <summary>|expected - actual| &lt;= tolerance[i] per element; NaN and infinities must match exactly.</summary>
    public static void Within(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, ReadOnlySpan<double> tolerance, string repro)
    {
        Length(expected.Length, actual.Length, repro);
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            bool ok = float.IsFinite(e) ? Math.Abs((double)e - a) <= tolerance[i] : SameBits(e, a);
            if (!ok)
            {
                throw new XunitException(
                    $"{repro}: [{i}] expected {Show(e)}, got {Show(a)}, |diff| {Math.Abs((double)e - a):G4} > tolerance {tolerance[i]:G4}");
            }
        }
    }

    /// <summary>Guards against vacuous passes: an all-zero output would match many wrong kernels.</summary>
    public static void NotMostlyZeros(ReadOnlySpan<float> values, string repro)
    {
        if (values.Length == 0)
            return;
        int zeros = 0;
        foreach (float v in values)
        {
            if (v == 0f)
                zeros++;
        }
        if (zeros * 2 > values.Length)
            throw new XunitException($"{repro}: {zeros} of {values.Length} outputs are zero; the case tests too little");
    }

    public static string Show(float v) => $"{v:R} (0x{BitConverter.SingleToUInt32Bits(v):X8})";

    private static bool SameBits(float a, float b) =>
        (float.IsNaN(a) && float.IsNaN(b)) || BitConverter.SingleToUInt32Bits(a) == BitConverter.SingleToUInt32Bits(b);

    private static void Length(int expected, int actual, string repro)
    {
        if (expected != actual)
            throw new XunitException($"{repro}: expected {expected} values, got {actual}");
    }
}
