namespace KernelLib;

/// <summary>
/// The output size of 2-D adaptive pooling, as PyTorch's <c>output_size</c> argument: an int, or a (height, width)
/// tuple whose entries may be <see langword="null"/> (Python's <c>None</c>) to keep the input's size along that
/// dimension, e.g. <c>(null, 7)</c>.
/// </summary>
/// <param name="Height">The output height, or <see langword="null"/> for the input's height.</param>
/// <param name="Width">The output width, or <see langword="null"/> for the input's width.</param>
public readonly record struct AdaptiveSize2(int? Height, int? Width)
{
    /// <summary>The same output size along both dimensions.</summary>
    /// <param name="size">The output height and width.</param>
    public static implicit operator AdaptiveSize2(int size) => new(size, size);

    /// <summary>A (height, width) tuple; <see langword="null"/> entries keep the input's size.</summary>
    /// <param name="t">The output height and width.</param>
    public static implicit operator AdaptiveSize2((int? Height, int? Width) t) => new(t.Height, t.Width);
}
