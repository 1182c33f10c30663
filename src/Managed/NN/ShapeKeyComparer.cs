namespace KernelLib.NN;

/// <summary>
/// Compares shapes by value, and lets a dictionary keyed by <c>nint[]</c> be searched with a span, so that a
/// module's forward pass finds the plan for its input shape without allocating.
/// </summary>
internal sealed class ShapeKeyComparer : IEqualityComparer<nint[]>, IAlternateEqualityComparer<ReadOnlySpan<nint>, nint[]>
{
    internal static ShapeKeyComparer Instance { get; } = new();

    public bool Equals(nint[]? x, nint[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(nint[] obj) => GetHashCode((ReadOnlySpan<nint>)obj);

    public bool Equals(ReadOnlySpan<nint> alternate, nint[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<nint> alternate)
    {
        var hash = new HashCode();
        foreach (nint length in alternate)
        {
            hash.Add(length);
        }
        return hash.ToHashCode();
    }

    public nint[] Create(ReadOnlySpan<nint> alternate) => alternate.ToArray();
}
