using KernelLib.Interop;

namespace KernelLib.Benchmarks;

/// <summary>
/// The machine's peak fp32 FMA throughput (register-only FMA loop, kl_measure_fma_peak),
/// measured once in the host process so GEMM rates can be quoted as a fraction of it.
/// </summary>
internal static class FmaPeak
{
    private static readonly Dictionary<int, double> GflopsByThreads = [];

    public static int BestIsa { get; private set; } = -1;

    /// <summary>Measures every supported ISA at 1 thread and at all cores; prints a table.</summary>
    public static void MeasureAndPrint()
    {
        if (!KernelLibRuntime.IsNativeAvailable)
        {
            Console.WriteLine($"FMA peak: native library unavailable ({KernelLibRuntime.NativeLoadError})");
            return;
        }
        int cores = Environment.ProcessorCount;
        Console.WriteLine($"FMA peak (register-only FMA loop), {cores} cores:");
        for (int isa = 0; isa < 4; isa++)
        {
            if (NativeMethods.IsaSupported(isa) == 0) continue;
            double one = Measure(isa, 1), all = Measure(isa, cores);
            Console.WriteLine($"  {IsaName(isa),-7} 1 thread {one,8:0.0} GFLOP/s   {cores} threads {all,8:0.0} GFLOP/s   speed-up {all / one:0.00}x");
            BestIsa = isa;
            GflopsByThreads[1] = one;
            GflopsByThreads[cores] = all;
        }
    }

    /// <summary>Peak of the best ISA at the given thread count, or NaN if not measured.</summary>
    public static double Gflops(int threads) => GflopsByThreads.GetValueOrDefault(threads, double.NaN);

    // The best of several short samples: a peak is what the machine can do, and a transient
    // neighbour (a build server finishing, a VM neighbour) would otherwise lower it for the run.
    private static double Measure(int isa, int threads)
    {
        double best = 0;
        for (int sample = 0; sample < 5; sample++)
        {
            NativeStatus.Check(NativeMethods.MeasureFmaPeak(isa, threads, 0.2, out double gflops));
            best = Math.Max(best, gflops);
        }
        return best;
    }

    private static unsafe string IsaName(int isa) =>
        System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)NativeMethods.IsaName(isa)) ?? "?";
}
