using System.Numerics.Tensors;
using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;

namespace KernelLib.Tests;

/// <summary>
/// Readers for the pooling fixtures (tests/fixtures/gen_pool.py): sizes are lists with one entry per spatial
/// dimension; null means PyTorch's default. Also the average-pooling comparison, the one tolerance of the family.
/// </summary>
public static class GoldenPoolFixtures
{
    public static int[] Ints(JsonElement list) => list.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static int[]? OptionalInts(JsonElement list) => list.ValueKind == JsonValueKind.Null ? null : Ints(list);

    public static int?[] NullableInts(JsonElement list) =>
        list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (int?)null : e.GetInt32()).ToArray();

    public static int? OptionalInt(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();

    public static int One(int[] v) => Assert.Single(v);

    public static int? Opt1(int[]? v) => v is null ? null : Assert.Single(v);

    public static Size2 Two(int[] v) => v.Length == 2 ? new Size2(v[0], v[1]) : throw new FormatException("expected 2 sizes");

    public static Size2? Opt2(int[]? v) => v is null ? null : Two(v);

    public static Size3 Three(int[] v) => v.Length == 3 ? new Size3(v[0], v[1], v[2]) : throw new FormatException("expected 3 sizes");

    public static Size3? Opt3(int[]? v) => v is null ? null : Three(v);

    public static JsonElement Case(string op, string name) => GoldenFixtures.Cases(op)[name];

    public static bool IsExact(JsonElement c) => c.GetProperty("exact").GetBoolean();

    /// <summary>A destination of the expected shape, prefilled with NaN so unwritten elements show.</summary>
    public static float[] Poisoned(FixtureTensor<float> expected) => Fill.Constant(expected.Data.Length, float.NaN);

    /// <summary>
    /// Average-type results (avg, adaptive avg, global avg, channel avg) against PyTorch. Integer-valued cases
    /// ("exact": sums exact in float32) must equal PyTorch's numbers exactly (threshold 0; the sign of a zero sum
    /// is not compared), which also pins PyTorch's division: sum / divisor, or for adaptive windows sum / kh / kw.
    /// Random-float cases allow 1e-5 * sqrt(K) relative error per element, K = the summed (in-range) elements
    /// ("terms"), relative to the window's average magnitude sum|x| / |divisor| ("magnitude", computed by
    /// PyTorch). That equals |expected| wherever the terms share a sign; where they cancel, a bound relative to
    /// the tiny result would measure the summation order, not the kernel. NaN and infinities must match exactly.
    /// </summary>
    public static void AverageMatches(JsonElement c, ReadOnlySpan<float> actual, string repro)
    {
        float[] expected = FloatTensor(c.GetProperty("output")).Data;
        if (IsExact(c))
        {
            Compare.SameValues(expected, actual, repro);
            return;
        }
        long[] terms = LongTensor(c.GetProperty("terms")).Data;
        float[] magnitude = FloatTensor(c.GetProperty("magnitude")).Data;
        Assert.Equal(expected.Length, terms.Length);
        var tolerance = new double[expected.Length];
        for (int i = 0; i < tolerance.Length; i++)
            tolerance[i] = 1e-5 * Math.Sqrt(Math.Max(1, terms[i])) * magnitude[i];
        Compare.Within(expected, actual, tolerance, repro);
    }

    public static void ShapeAndValues(FixtureTensor<float> expected, Tensor<float> actual, string repro)
    {
        Compare.Shape(expected.Shape, Tensors.Shape(actual), repro);
        Compare.Exact(expected.Data, Tensors.ToArray(actual), repro);
    }

    public static void ShapeAndIndices(FixtureTensor<long> expected, Tensor<long> actual, string repro)
    {
        Compare.Shape(expected.Shape, Tensors.Shape(actual), repro + " indices");
        Compare.Exact(expected.Data, Tensors.ToArray(actual), repro + " indices");
    }

    /// <summary>
    /// An average-type op's two overloads against case <paramref name="c"/>: <paramref name="pool"/> allocates (shape,
    /// then <see cref="AverageMatches"/>), <paramref name="poolInto"/> writes a <see cref="Poisoned"/> destination.
    /// </summary>
    public static void AverageBothOverloads(JsonElement c, Func<Tensor<float>> pool, Action<TensorSpan<float>> poolInto,
        string repro)
    {
        var expected = FloatTensor(c.GetProperty("output"));
        var output = pool();
        Compare.Shape(expected.Shape, Tensors.Shape(output), repro);
        AverageMatches(c, Tensors.ToArray(output), repro);

        float[] destination = Poisoned(expected);
        poolInto(Tensors.Writable(destination, expected.Shape));
        AverageMatches(c, destination, repro + " destination");
    }

    /// <summary>An exact op's two overloads: shape and values bit for bit, allocated and into a poisoned destination.</summary>
    public static void ExactBothOverloads(FixtureTensor<float> expected, Func<Tensor<float>> pool,
        Action<TensorSpan<float>> poolInto, string repro)
    {
        ShapeAndValues(expected, pool(), repro);

        float[] destination = Poisoned(expected);
        poolInto(Tensors.Writable(destination, expected.Shape));
        Compare.Exact(expected.Data, destination, repro + " destination");
    }

    /// <summary>A max op's allocating overloads, without and with indices, bit for bit.</summary>
    public static void MaxAllocating(FixtureTensor<float> expected, FixtureTensor<long> indices, Func<Tensor<float>> pool,
        Func<(Tensor<float> Output, Tensor<long> Indices)> poolWithIndices, string repro)
    {
        ShapeAndValues(expected, pool(), repro);
        var (values, actualIndices) = poolWithIndices();
        ShapeAndValues(expected, values, repro + " with indices");
        ShapeAndIndices(indices, actualIndices, repro);
    }

    /// <summary>
    /// A max op's destination overloads, without and with indices, into poisoned destinations (indices prefilled
    /// with -7), bit for bit.
    /// </summary>
    public static void MaxIntoDestinations(FixtureTensor<float> expected, FixtureTensor<long> indices,
        Action<TensorSpan<float>> poolInto, Action<TensorSpan<float>, TensorSpan<long>> poolWithIndicesInto, string repro)
    {
        float[] output = Poisoned(expected), withIndices = Poisoned(expected);
        var actualIndices = new long[indices.Data.Length];
        Array.Fill(actualIndices, -7L);
        poolInto(Tensors.Writable(output, expected.Shape));
        poolWithIndicesInto(Tensors.Writable(withIndices, expected.Shape), Tensors.Writable(actualIndices, indices.Shape));
        Compare.Exact(expected.Data, output, repro);
        Compare.Exact(expected.Data, withIndices, repro + " with indices");
        Compare.Exact(indices.Data, actualIndices, repro + " indices");
    }
}
