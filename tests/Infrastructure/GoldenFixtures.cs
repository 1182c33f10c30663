using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Xunit;

namespace KernelLib.Tests;

/// <summary>A tensor read from a fixture: its shape and row-major values.</summary>
public sealed record FixtureTensor<T>(nint[] Shape, T[] Data)
{
    public ReadOnlyTensorSpan<T> Span => new(Data, Shape);
}

/// <summary>
/// Reads tests/fixtures/*.json, written by tests/fixtures/gen.py (which documents the format).
/// Floats are parsed straight to float32, so every value is the exact float PyTorch produced.
/// </summary>
public static class GoldenFixtures
{
    private const string Format = "kernellib-golden-1";
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, JsonElement>> Files = new();

    public static IReadOnlyDictionary<string, JsonElement> Cases(string op) => Files.GetOrAdd(op, Load);

    /// <summary>Theory rows: every available backend times every case name of the op.</summary>
    public static TheoryData<KernelBackend, string> BackendsTimesCases(string op)
    {
        var data = new TheoryData<KernelBackend, string>();
        foreach (var backend in TestBackends.Available)
        {
            foreach (string name in Cases(op).Keys)
                data.Add(backend, name);
        }
        return data;
    }

    public static FixtureTensor<float> FloatTensor(JsonElement tensor) =>
        new(Shape(tensor), Floats(tensor.GetProperty("data")));

    public static FixtureTensor<long> LongTensor(JsonElement tensor) =>
        new(Shape(tensor), tensor.GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray());

    public static FixtureTensor<float>? OptionalFloatTensor(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : FloatTensor(element);

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(Float).ToArray();

    public static float Float(JsonElement value) => value.ValueKind switch
    {
        // float.Parse rounds the decimal straight to float32 (no double rounding on the way).
        JsonValueKind.Number => float.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString() switch
        {
            "NaN" => float.NaN,
            "Infinity" => float.PositiveInfinity,
            "-Infinity" => float.NegativeInfinity,
            var other => throw new FormatException($"Unexpected float literal '{other}' in a fixture"),
        },
        _ => throw new FormatException($"Unexpected JSON {value.ValueKind} where a float was expected"),
    };

    public static Size2 Size(JsonElement pair) => new(pair[0].GetInt32(), pair[1].GetInt32());

    public static Size2? OptionalSize(JsonElement pair) => pair.ValueKind == JsonValueKind.Null ? null : Size(pair);

    private static nint[] Shape(JsonElement tensor) =>
        tensor.GetProperty("shape").EnumerateArray().Select(e => (nint)e.GetInt64()).ToArray();

    private static IReadOnlyDictionary<string, JsonElement> Load(string op)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", op + ".json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = document.RootElement;
        if (root.GetProperty("format").GetString() != Format || root.GetProperty("op").GetString() != op)
            throw new FormatException($"{path} is not a '{Format}' fixture for {op}; rerun tests/fixtures/gen.py");
        return root.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    }
}
