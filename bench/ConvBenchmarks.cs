using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace KernelLib.Benchmarks;

/// <summary>
/// The convolution family of the suite (shared/BENCH_SUITE.md), every case on every implementation. The library
/// runs what a user calls: <see cref="NN.Conv2d"/> / <see cref="NN.ConvTranspose2d"/> with bias, the weights set
/// once and the native plan built in setup, into a preallocated destination (a run allocates nothing).
/// <list type="bullet">
/// <item>C1: Conv2d 1,3,224,224 -> 64, 7x7, s2, p3 (ResNet stem)</item>
/// <item>C2: Conv2d 1,64,56,56 -> 64, 3x3, p1</item>
/// <item>C3: Conv2d 1,256,56,56 -> 64, 1x1</item>
/// <item>C4: Conv2d 1,256,14,14 -> 256, 3x3, p1</item>
/// <item>C5: depthwise 1,144,56,56 -> 144, 3x3, p1, g144</item>
/// <item>C6: depthwise 1,96,112,112 -> 96, 3x3, s2, p1, g96</item>
/// <item>C7: grouped 1,128,56,56 -> 128, 3x3, p1, g32</item>
/// <item>C8: dilated 1,64,56,56 -> 64, 3x3, p2, d2</item>
/// <item>C9: C2 with batch 8</item>
/// <item>T1: ConvTranspose2d 1,64,28,28 -> 32, 4x4, s2, p1</item>
/// </list>
/// GFLOP/s: see <see cref="ConvCase.Flops"/>. The naive loop skips C9: it is C2's loop eight times over (the same
/// rate), several seconds a call.
/// </summary>
public class ConvBenchmarks
{
    private ConvCase _case = null!;
    private NN.ConvNd _layer = null!;
    private float[] _x = [], _w = [], _b = [], _y = [];
    private Tensor<float> _input = null!, _output = null!;

    public static IEnumerable<SuiteRun> Runs =>
        SuiteRun.Cross(ConvCase.Ids, Implementation.Optimised)
            .Concat(SuiteRun.Cross(ConvCase.Ids.Where(id => id != "C9"), [Implementation.Naive]));

    [ParamsSource(nameof(Runs))]
    public SuiteRun Workload { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        ConvCase c = _case = ConvCase.Of(Workload.Case);
        _x = Data.Random(c.InputLength, 1);
        _w = Data.Random(c.WeightLength, 2);
        _b = Data.Random(c.OutChannels, 3);
        _y = new float[c.OutputLength];
        _input = Tensor.Create(_x, c.InputShape);
        _output = Tensor.Create(_y, c.OutputShape);
        _layer = c.CreateLayer();
        _layer.Backend = Workload.Impl.Backend;
        _layer.SetParameters(Tensor.Create(_w, c.WeightShape), Tensor.Create(_b, [c.OutChannels]));
        // The rate columns use the suite's count; it must be the one the library reports.
        if (_layer.Flops(c.InputShape) != c.Flops)
        {
            throw new InvalidOperationException($"{c.Id}: suite counts {c.Flops} FLOPs, the layer {_layer.Flops(c.InputShape)}");
        }
        Workload.Impl.Apply();
        Forward(); // builds the native plan outside the measurement, and fails here rather than in it
    }

    [GlobalCleanup]
    public void Cleanup() => _layer.Dispose();

    [Benchmark]
    public void Forward()
    {
        ConvCase c = _case;
        if (Workload.Impl != Implementation.Naive)
            _layer.Forward(_input, _output);
        else if (c.Transposed)
            NaiveKernels.ConvTranspose2d(c.Batch, c.InChannels, c.Size, c.Size, c.OutChannels, c.Kernel, c.Stride, c.Pad, c.Dilation, c.Groups, _x, _w, _b, _y);
        else
            NaiveKernels.Conv2d(c.Batch, c.InChannels, c.Size, c.Size, c.OutChannels, c.Kernel, c.Stride, c.Pad, c.Dilation, c.Groups, _x, _w, _b, _y);
    }
}
