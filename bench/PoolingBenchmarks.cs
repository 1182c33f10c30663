using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace KernelLib.Benchmarks;

/// <summary>
/// The pooling family of the suite (shared/BENCH_SUITE.md), every case on every implementation,
/// through the allocation-free destination overloads:
/// <list type="bullet">
/// <item>P1: MaxPool2d k3 s2 p1 on 1x64x112x112</item>
/// <item>P2: MaxPool2d k2 s2 on 1x64x224x224</item>
/// <item>P3: AvgPool2d k3 s1 p1, count_include_pad=False, on 1x256x28x28</item>
/// <item>P4: AdaptiveAvgPool2d(1) (global average) on 8x2048x7x7</item>
/// <item>P5: MaxPool2d k2 s2 with indices, then MaxUnpool2d, on 1x64x112x112</item>
/// </list>
/// GB/s: see <see cref="Suite.Of"/> for each case's byte count.
/// </summary>
public class PoolingBenchmarks
{
    private PoolCase _case = null!;
    private float[] _x = [], _y = [], _z = [];
    private long[] _indices = [];
    private Tensor<float> _input = null!, _output = null!, _unpooled = null!;
    private Tensor<long> _indexTensor = null!;
    private Action _run = null!;

    public static IEnumerable<SuiteRun> Runs => SuiteRun.Cross(PoolCase.Ids, Implementation.All);

    [ParamsSource(nameof(Runs))]
    public SuiteRun Workload { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _case = PoolCase.Of(Workload.Case);
        PoolCase c = _case;
        _x = Data.Random(c.InputLength, 1);
        _y = new float[c.OutputLength];
        _input = Tensor.Create(_x, c.InputShape);
        _output = Tensor.Create(_y, c.OutputShape);
        if (c.Kind == PoolKind.MaxThenUnpool)
        {
            _indices = new long[c.OutputLength];
            _z = new float[c.InputLength];
            _indexTensor = Tensor.Create(_indices, c.OutputShape);
            _unpooled = Tensor.Create(_z, c.InputShape);
        }
        _run = Workload.Impl == Implementation.Naive ? Naive() : Library(Workload.Impl.Backend);
        Workload.Impl.Apply();
        _run(); // fail in setup, not in the measurement, if the API or the backend is missing
    }

    [Benchmark]
    public void Pool() => _run();

    private Action Naive()
    {
        PoolCase c = _case;
        return c.Kind switch
        {
            PoolKind.Max => () => NaiveKernels.MaxPool2d(c.Planes, c.Size, c.Size, c.Kernel, c.Stride, c.Pad, _x, _y),
            PoolKind.AvgExcludePad => () => NaiveKernels.AvgPool2dExcludePad(c.Planes, c.Size, c.Size, c.Kernel, c.Stride, c.Pad, _x, _y),
            PoolKind.GlobalAvg => () => NaiveKernels.GlobalAvgPool2d(c.Planes, c.Size * c.Size, _x, _y),
            PoolKind.MaxThenUnpool => () =>
            {
                NaiveKernels.MaxPool2dWithIndices(c.Planes, c.Size, c.Size, c.Kernel, c.Stride, c.Pad, _x, _y, _indices);
                NaiveKernels.MaxUnpool2d(c.Planes, c.OutSize, c.OutSize, c.Size, c.Size, _y, _indices, _z);
            },
            _ => throw new InvalidOperationException(c.Kind.ToString()),
        };
    }

    private Action Library(KernelBackend backend)
    {
        PoolCase c = _case;
        return c.Kind switch
        {
            PoolKind.Max => () => Functional.MaxPool2d(_input, c.Kernel, destination: _output,
                stride: c.Stride, padding: c.Pad, backend: backend),
            PoolKind.AvgExcludePad => () => Functional.AvgPool2d(_input, c.Kernel, destination: _output,
                stride: c.Stride, padding: c.Pad, countIncludePad: false, backend: backend),
            PoolKind.GlobalAvg => () => Functional.AdaptiveAvgPool2d(_input, 1, destination: _output, backend: backend),
            PoolKind.MaxThenUnpool => () =>
            {
                Functional.MaxPool2dWithIndices(_input, c.Kernel, destination: _output, indices: _indexTensor,
                    stride: c.Stride, padding: c.Pad, backend: backend);
                Functional.MaxUnpool2d(_output, _indexTensor, c.Kernel, destination: _unpooled,
                    stride: c.Stride, padding: c.Pad, backend: backend);
            },
            _ => throw new InvalidOperationException(c.Kind.ToString()),
        };
    }

    private enum PoolKind { Max, AvgExcludePad, GlobalAvg, MaxThenUnpool }

    /// <summary>The geometry of a pooling suite case: square kernel, stride and padding on square planes.</summary>
    private sealed record PoolCase(string Id, PoolKind Kind, int Batch, int Channels, int Size, int Kernel, int Stride, int Pad)
    {
        public static readonly string[] Ids = ["P1", "P2", "P3", "P4", "P5"];

        public static PoolCase Of(string id) => id switch
        {
            "P1" => new(id, PoolKind.Max, 1, 64, 112, 3, 2, 1),
            "P2" => new(id, PoolKind.Max, 1, 64, 224, 2, 2, 0),
            "P3" => new(id, PoolKind.AvgExcludePad, 1, 256, 28, 3, 1, 1),
            "P4" => new(id, PoolKind.GlobalAvg, 8, 2048, 7, 7, 7, 0),
            "P5" => new(id, PoolKind.MaxThenUnpool, 1, 64, 112, 2, 2, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(id), id, "not a pooling suite case"),
        };

        public int Planes => Batch * Channels;
        public int OutSize => (Size + 2 * Pad - Kernel) / Stride + 1;
        public long InputLength => (long)Planes * Size * Size;
        public long OutputLength => (long)Planes * OutSize * OutSize;
        public nint[] InputShape => [Batch, Channels, Size, Size];
        public nint[] OutputShape => [Batch, Channels, OutSize, OutSize];
    }
}
