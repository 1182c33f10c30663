namespace KernelLib;

/// <summary>A two-dimensional size (height, width), as PyTorch's <c>_pair</c> arguments: an int or a tuple.</summary>
/// <param name="Height">The size along the height (rows) dimension.</param>
/// <param name="Width">The size along the width (columns) dimension.</param>
public readonly record struct Size2(int Height, int Width)
{
    /// <summary>The same size along both dimensions.</summary>
    /// <param name="size">The height and the width.</param>
    public static implicit operator Size2(int size) => new(size, size);

    /// <summary>A (height, width) tuple.</summary>
    /// <param name="t">The height and the width.</param>
    public static implicit operator Size2((int Height, int Width) t) => new(t.Height, t.Width);
}
