using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace KernelLib.Benchmarks;

/// <summary>P1 (k3 s2 p1 on 1x64x112x112) and P2 (k2 s2 on 1x64x224x224).</summary>
public class MaxPool2dBenchmarks
{
    private float[] _x = [], _y = [];
    private Tensor<float> _input = null!, _output = null!;
    private int _size, _kernel, _stride, _pad;

    public static IEnumerable<SuiteRun> Runs => SuiteRun.Cross(["P1", "P2"], Implementation.All);

    [ParamsSource(nameof(Runs))]
    public SuiteRun Workload { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_size, _kernel, _stride, _pad) = Workload.Case == "P1" ? (112, 3, 2, 1) : (224, 2, 2, 0);
        int outSize = (_size + 2 * _pad - _kernel) / _stride + 1;
        _x = Data.Random(64L * _size * _size, 1);
        _y = new float[64L * outSize * outSize];
        _input = Tensor.Create(_x, [1, 64, _size, _size]);
        _output = Tensor.Create(_y, [1, 64, outSize, outSize]);
        Workload.Impl.Apply();
    }

    [Benchmark]
    public void MaxPool2d()
    {
        if (Workload.Impl == Implementation.Naive)
            NaiveKernels.MaxPool2d(64, _size, _size, _kernel, _stride, _pad, _x, _y);
        else
            Functional.MaxPool2d(_input, _kernel, _output, stride: _stride, padding: _pad, backend: Workload.Impl.Backend);
    }
}
