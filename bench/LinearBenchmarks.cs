using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace KernelLib.Benchmarks;

/// <summary>G4 (batch 64) and G5 (batch 1, GEMV): NN.Linear with its pre-packed native plan.</summary>
public class LinearBenchmarks
{
    private NN.Linear _layer = null!;
    private Tensor<float> _x = null!, _y = null!;
    private float[] _xs = [], _ws = [], _bs = [], _ys = [];

    public static IEnumerable<SuiteRun> Runs => SuiteRun.Cross(["G4", "G5"], Implementation.All);

    [ParamsSource(nameof(Runs))]
    public SuiteRun Workload { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (batch, outFeatures, inFeatures) = Suite.GemmShape(Workload.Case);
        _xs = Data.Random((long)batch * inFeatures, 1);
        _ws = Data.Random((long)outFeatures * inFeatures, 2);
        _bs = Data.Random(outFeatures, 3);
        _ys = new float[(long)batch * outFeatures];
        _x = Tensor.Create(_xs, [batch, inFeatures]);
        _y = Tensor.Create(_ys, [batch, outFeatures]);
        _layer = new NN.Linear(inFeatures, outFeatures) { Backend = Workload.Impl.Backend };
        _layer.SetParameters(Tensor.Create(_ws, [outFeatures, inFeatures]), Tensor.Create(_bs, [outFeatures]));
        Workload.Impl.Apply();
        _layer.Forward(_x, _y); // builds the native plan outside the measurement
    }

    [GlobalCleanup]
    public void Cleanup() => _layer.Dispose();

    [Benchmark]
    public void Forward()
    {
        if (Workload.Impl == Implementation.Naive)
            NaiveKernels.Linear((int)_x.Lengths[0], (int)_x.Lengths[1], _bs.Length, _xs, _ws, _bs, _ys);
        else
            _layer.Forward(_x, _y);
    }
}
