namespace KernelLib;

/// <summary>A three-dimensional size (depth, height, width), as PyTorch's <c>_triple</c> arguments: an int or a tuple.</summary>
/// <param name="Depth">The size along the depth dimension.</param>
/// <param name="Height">The size along the height (rows) dimension.</param>
/// <param name="Width">The size along the width (columns) dimension.</param>
public readonly record struct Size3(int Depth, int Height, int Width)
{
    /// <summary>The same size along all three dimensions.</summary>
    /// <param name="size">The depth, the height and the width.</param>
    public static implicit operator Size3(int size) => new(size, size, size);

    /// <summary>A (depth, height, width) tuple.</summary>
    /// <param name="t">The depth, the height and the width.</param>
    public static implicit operator Size3((int Depth, int Height, int Width) t) => new(t.Depth, t.Height, t.Width);
}
