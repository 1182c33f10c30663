namespace KernelLib.NN;

/// <summary>Values written the way PyTorch's module reprs write them.</summary>
internal static class PythonRepr
{
    internal static string Bool(bool value) => value ? "True" : "False";

    /// <summary>"3" when both dimensions agree, as for an int argument; "(3, 2)" otherwise.</summary>
    internal static string Size(Size2 size) =>
        size.Height == size.Width ? $"{size.Height}" : $"({size.Height}, {size.Width})";
}
