using Xunit;

namespace KernelLib.Tests;

/// <summary>The same call twice, or from several threads at once, gives the same bits, on every backend.</summary>
[Trait("Category", "Determinism")]
public sealed class DeterminismTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    public static TheoryData<KernelBackend, string> Cases
    {
        get
        {
            var data = new TheoryData<KernelBackend, string>();
            foreach (var backend in TestBackends.Available)
            {
                foreach (string op in OpRuns.Ops)
                    data.Add(backend, op);
            }
            return data;
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void SameCallTwice_IsBitIdentical(KernelBackend backend, string op)
    {
        float[] first = OpRuns.Run(op, backend);
        float[] second = OpRuns.Run(op, backend);
        Compare.Exact(first, second, op.On(backend) + " second run");
        Compare.NotMostlyZeros(first, op.On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void OneLinearModule_ForwardFromSeveralThreadsAtOnce_IsBitIdentical(KernelBackend backend)
    {
        using var linear = new NN.Linear(97, 45, bias: true, new Random(17)) { Backend = backend };
        float[] x = Fill.Normal(new Random(18), 33 * 97);
        float[] expected = Tensors.ToArray(linear.Forward(Tensors.ReadOnly(x, 33, 97)));

        float[][] results = new float[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => results[i] = Tensors.ToArray(linear.Forward(Tensors.ReadOnly(x, 33, 97))));

        for (int i = 0; i < results.Length; i++)
            Compare.Exact(expected, results[i], $"b33_i97o45_bias concurrent call {i}".On(backend));
    }
}
