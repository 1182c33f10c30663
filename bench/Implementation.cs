namespace KernelLib.Benchmarks;

/// <summary>
/// What runs a case: the native backend at 1 thread or all cores, the managed backend
/// (single-threaded by design), or a naive nested-loop C# baseline. One parameter instead of
/// backend x threads, so single-threaded implementations are not measured twice.
/// </summary>
public sealed record Implementation(string Name, KernelBackend Backend, int Threads)
{
    public static readonly Implementation Naive = new("naive", KernelBackend.Managed, 1);
    public static readonly Implementation Managed = new("managed", KernelBackend.Managed, 1);
    public static readonly Implementation Native1 = new("native-1t", KernelBackend.Native, 1);
    public static readonly Implementation NativeAll = new($"native-{Environment.ProcessorCount}t", KernelBackend.Native, Environment.ProcessorCount);

    public static IEnumerable<Implementation> All => [Native1, NativeAll, Managed, Naive];

    public static IEnumerable<Implementation> Optimised => [Native1, NativeAll, Managed];

    /// <summary>Applies the thread count before measuring.</summary>
    public void Apply()
    {
        if (Backend == KernelBackend.Native) KernelLibRuntime.NumThreads = Threads;
    }

    public override string ToString() => Name;
}
