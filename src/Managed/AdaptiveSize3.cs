namespace KernelLib;

/// <summary>
/// The output size of 3-D adaptive pooling, as PyTorch's <c>output_size</c> argument: an int, or a (depth, height,
/// width) tuple whose entries may be <see langword="null"/> (Python's <c>None</c>) to keep the input's size along
/// that dimension, e.g. <c>(null, 7, 7)</c>.
/// </summary>
/// <param name="Depth">The output depth, or <see langword="null"/> for the input's depth.</param>
/// <param name="Height">The output height, or <see langword="null"/> for the input's height.</param>
/// <param name="Width">The output width, or <see langword="null"/> for the input's width.</param>
public readonly record struct AdaptiveSize3(int? Depth, int? Height, int? Width)
{
    /// <summary>The same output size along all three dimensions.</summary>
    /// <param name="size">The output depth, height and width.</param>
    public static implicit operator AdaptiveSize3(int size) => new(size, size, size);

    /// <summary>A (depth, height, width) tuple; <see langword="null"/> entries keep the input's size.</summary>
    /// <param name="t">The output depth, height and width.</param>
    public static implicit operator AdaptiveSize3((int? Depth, int? Height, int? Width) t) => new(t.Depth, t.Height, t.Width);
}
