using Xunit;

namespace KernelLib.Tests;

/// <summary>Tests that change KernelLibRuntime.NumThreads, which is process-wide: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    public const string Name = "NumThreads (process-wide)";
}

/// <summary>
/// Results are bitwise identical for any thread count (outputs are split, reductions never are):
/// 1, 2 and 3 threads (3 gives uneven chunks on a 2-core machine) against each other.
/// </summary>
[Collection(ThreadCountCollection.Name)]
[Trait("Category", "Determinism")]
public sealed class ThreadCountTests
{
    public static TheoryData<string> Ops => new(OpRuns.Ops);

    [Theory, MemberData(nameof(Ops))]
    public void OneTwoAndThreeThreads_AreBitIdentical(string op)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        int original = KernelLibRuntime.NumThreads;
        try
        {
            KernelLibRuntime.NumThreads = 1;
            float[] single = OpRuns.Run(op, KernelBackend.Native);
            foreach (int threads in new[] { 2, 3 })
            {
                KernelLibRuntime.NumThreads = threads;
                Assert.Equal(threads, KernelLibRuntime.NumThreads);
                Compare.Exact(single, OpRuns.Run(op, KernelBackend.Native), $"{op} threads{threads} vs threads1".On(KernelBackend.Native));
            }
        }
        finally
        {
            KernelLibRuntime.NumThreads = original;
        }
    }

    [Fact]
    public void NumThreadsBelowOne_ThrowsAndKeepsTheCount()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        int original = KernelLibRuntime.NumThreads;
        Assert.True(original >= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelLibRuntime.NumThreads = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelLibRuntime.NumThreads = -4);
        Assert.Equal(original, KernelLibRuntime.NumThreads);
    }
}
