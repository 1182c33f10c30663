namespace KernelLib;

/// <summary>Sizes written the way Python prints them in PyTorch's messages.</summary>
internal static class PythonTuple
{
    /// <summary>"(6, 5)", or "(10,)" for one element: a Python tuple.</summary>
    internal static string Format(ReadOnlySpan<int> values) =>
        values.Length == 1 ? $"({values[0]},)" : "(" + string.Join(", ", values.ToArray()) + ")";

    /// <summary>"{-1, 3}": a C++ <c>IntArrayRef</c> as PyTorch's TORCH_CHECK prints it; null is written None.</summary>
    internal static string FormatBraced(ReadOnlySpan<int?> values)
    {
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            parts[i] = values[i]?.ToString() ?? "None";
        }
        return "{" + string.Join(", ", parts) + "}";
    }
}
