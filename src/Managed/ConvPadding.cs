namespace KernelLib;

/// <summary>
/// A convolution's <c>padding</c> argument as PyTorch takes it: one int for every spatial dimension, a tuple with
/// one int per dimension, or the strings <c>"same"</c> and <c>"valid"</c>. <c>default</c> means no padding.
/// "same" pads <c>dilation * (kernel - 1)</c> in total per dimension, the odd element at the end, as PyTorch does;
/// it requires a stride of 1. "valid" means no padding.
/// </summary>
public readonly struct ConvPadding : IEquatable<ConvPadding>
{
    private const byte ExplicitKind = 0, SameKind = 1, ValidKind = 2;

    private readonly byte _kind;
    private readonly byte _length; // 0: one value for every dimension; else the tuple's length (2 or 3)
    private readonly int _a, _b, _c;

    private ConvPadding(byte kind, byte length, int a, int b, int c)
    {
        _kind = kind;
        _length = length;
        _a = a;
        _b = b;
        _c = c;
    }

    /// <summary>PyTorch's <c>padding="same"</c>: the output has the input's size (stride 1 only).</summary>
    public static ConvPadding Same => new(SameKind, 0, 0, 0, 0);

    /// <summary>PyTorch's <c>padding="valid"</c>: no padding.</summary>
    public static ConvPadding Valid => new(ValidKind, 0, 0, 0, 0);

    /// <summary>True for <c>"same"</c>.</summary>
    public bool IsSame => _kind == SameKind;

    /// <summary>True for <c>"valid"</c>.</summary>
    public bool IsValid => _kind == ValidKind;

    /// <summary>The same padding on each side of every spatial dimension.</summary>
    /// <param name="padding">Elements added at both ends of every dimension.</param>
    public static implicit operator ConvPadding(int padding) => new(ExplicitKind, 0, padding, 0, 0);

    /// <summary>A (height, width) tuple for 2-D convolutions.</summary>
    /// <param name="padding">Elements added at both ends of the height and of the width.</param>
    public static implicit operator ConvPadding((int Height, int Width) padding) =>
        new(ExplicitKind, 2, padding.Height, padding.Width, 0);

    /// <summary>A (depth, height, width) tuple for 3-D convolutions.</summary>
    /// <param name="padding">Elements added at both ends of the depth, the height and the width.</param>
    public static implicit operator ConvPadding((int Depth, int Height, int Width) padding) =>
        new(ExplicitKind, 3, padding.Depth, padding.Height, padding.Width);

    /// <summary><c>"same"</c> or <c>"valid"</c>, spelled exactly as PyTorch spells them.</summary>
    /// <param name="padding">The padding string.</param>
    /// <exception cref="ArgumentNullException"><paramref name="padding"/> is null.</exception>
    /// <exception cref="ArgumentException">Any other string.</exception>
    public static implicit operator ConvPadding(string padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        return padding switch
        {
            "same" => Same,
            "valid" => Valid,
            _ => throw new ArgumentException(
                $"Invalid padding string: '{padding}', should be one of {{'valid', 'same'}}", nameof(padding)),
        };
    }

    /// <summary>
    /// The explicit padding for a convolution of <paramref name="rank"/> spatial dimensions, one value per dimension
    /// (0 for "valid"; "same" has no fixed value and must be resolved against the kernel instead).
    /// </summary>
    /// <exception cref="ArgumentException">A tuple whose length is not <paramref name="rank"/>, in PyTorch's words.</exception>
    internal int[] Explicit(int rank)
    {
        if (_kind == ValidKind)
        {
            return new int[rank];
        }
        if (_length == 0)
        {
            var all = new int[rank];
            Array.Fill(all, _a);
            return all;
        }
        int[] values = _length == 2 ? [_a, _b] : [_a, _b, _c];
        if (values.Length != rank)
        {
            throw new ArgumentException(
                "expected padding to be a single integer value or a list of " + rank + " values to match the convolution " +
                "dimensions, but got padding=[" + string.Join(", ", values) + "]", "padding");
        }
        return values;
    }

    /// <inheritdoc/>
    public bool Equals(ConvPadding other) =>
        _kind == other._kind && _length == other._length && _a == other._a && _b == other._b && _c == other._c;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ConvPadding other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_kind, _length, _a, _b, _c);

    /// <summary>Structural equality.</summary>
    public static bool operator ==(ConvPadding left, ConvPadding right) => left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(ConvPadding left, ConvPadding right) => !left.Equals(right);

    /// <summary>As Python writes the argument: <c>same</c>, <c>valid</c>, <c>1</c>, <c>(1, 2)</c> or <c>(0, 1, 2)</c>.</summary>
    public override string ToString() => _kind switch
    {
        SameKind => "same",
        ValidKind => "valid",
        _ => _length switch
        {
            0 => _a.ToString(System.Globalization.CultureInfo.InvariantCulture),
            2 => $"({_a}, {_b})",
            _ => $"({_a}, {_b}, {_c})",
        },
    };
}
