using BenchmarkDotNet.Attributes;

namespace KernelLib.Benchmarks;

/// <summary>G1, G2, G3, G6: row-major sgemm C = A * B (the naive loop skips G3: minutes per call).</summary>
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private int _m, _n, _k;

    public static IEnumerable<SuiteRun> Runs =>
        SuiteRun.Cross(["G1", "G2", "G3", "G6"], Implementation.Optimised)
            .Concat(SuiteRun.Cross(["G1", "G2", "G6"], [Implementation.Naive]));

    [ParamsSource(nameof(Runs))]
    public SuiteRun Workload { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_m, _n, _k) = Suite.GemmShape(Workload.Case);
        _a = Data.Random((long)_m * _k, 1);
        _b = Data.Random((long)_k * _n, 2);
        _c = new float[(long)_m * _n];
        Workload.Impl.Apply();
    }

    [Benchmark]
    public void Sgemm()
    {
        if (Workload.Impl == Implementation.Naive)
            NaiveKernels.Gemm(_m, _n, _k, _a, _b, _c);
        else
            Blas.Sgemm(false, false, _m, _n, _k, 1f, _a, _k, _b, _n, 0f, _c, _n, Workload.Impl.Backend);
    }
}
