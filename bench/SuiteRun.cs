namespace KernelLib.Benchmarks;

/// <summary>One benchmark parameter: a suite case and the implementation that runs it.</summary>
public sealed record SuiteRun(string Case, Implementation Impl)
{
    /// <summary>Every case on every implementation in <paramref name="impls"/>.</summary>
    public static IEnumerable<SuiteRun> Cross(IEnumerable<string> cases, IEnumerable<Implementation> impls) =>
        from c in cases from i in impls select new SuiteRun(c, i);

    public override string ToString() => $"{Case} {Impl.Name}";
}
