namespace KernelLib;

/// <summary>
/// How a convolution fills the border it pads (PyTorch's <c>padding_mode</c>): the input is padded as
/// <c>torch.nn.functional.pad</c> would with that mode, then convolved without further padding.
/// Transposed convolutions accept only <see cref="Zeros"/>.
/// </summary>
public enum PaddingMode
{
    /// <summary>Zeros (PyTorch's default, <c>'zeros'</c>).</summary>
    Zeros = 0,

    /// <summary>The input mirrored without repeating its edge (<c>'reflect'</c>); each pad must be less than the input size.</summary>
    Reflect = 1,

    /// <summary>The edge element repeated (<c>'replicate'</c>).</summary>
    Replicate = 2,

    /// <summary>The input wrapped around (<c>'circular'</c>); each pad must be at most the input size.</summary>
    Circular = 3,
}
