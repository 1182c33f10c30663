using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace KernelLib.Benchmarks;

/// <summary>E1: ReLU on 1M and 16M floats (memory-bound).</summary>
public class ReLUBenchmarks
{
    private float[] _x = [], _y = [];
    private Tensor<float> _input = null!, _output = null!;

    public static IEnumerable<SuiteRun> Runs => SuiteRun.Cross(["E1-1M", "E1-16M"], Implementation.All);

    [ParamsSource(nameof(Runs))]
    public SuiteRun Workload { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        int length = Workload.Case == "E1-1M" ? 1 << 20 : 16 << 20;
        _x = Data.Random(length, 1);
        _y = new float[length];
        _input = Tensor.Create(_x, [length]);
        _output = Tensor.Create(_y, [length]);
        Workload.Impl.Apply();
    }

    [Benchmark]
    public void ReLU()
    {
        if (Workload.Impl == Implementation.Naive)
            NaiveKernels.ReLU(_x, _y);
        else
            Functional.ReLU(_input, _output, Workload.Impl.Backend);
    }
}
