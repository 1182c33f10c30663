namespace KernelLib.NN;

/// <summary>Values written the way PyTorch's module reprs write them.</summary>
internal static class PythonRepr
{
    internal static string Bool(bool value) => value ? "True" : "False";

    /// <summary>"3" when both dimensions agree, as for an int argument; "(3, 2)" otherwise.</summary>
    internal static string Size(Size2 size) =>
        size.Height == size.Width ? $"{size.Height}" : $"({size.Height}, {size.Width})";

    /// <summary>"3" when all three dimensions agree, as for an int argument; "(3, 2, 1)" otherwise.</summary>
    internal static string Size(Size3 size) =>
        size.Depth == size.Height && size.Height == size.Width
            ? $"{size.Depth}"
            : $"({size.Depth}, {size.Height}, {size.Width})";

    /// <summary>A one-element tuple, "(3,)", as modules that store <c>_single(x)</c> print it.</summary>
    internal static string Single(int value) => $"({value},)";
}
