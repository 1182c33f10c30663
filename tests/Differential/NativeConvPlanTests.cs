using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// The reusable native plan NN modules keep per input shape: it gives the one-shot call's bits, runs again and
/// again on its own workspace, names the implementation it chose, and refuses to run once disposed.
/// </summary>
[Trait("Category", "Differential")]
public sealed class NativeConvPlanTests
{
    public static TheoryData<int, bool> RankAndTransposed => DifferentialConvTests.RankAndTransposed;

    [Theory, MemberData(nameof(RankAndTransposed))]
    public void Plan_GivesTheOneShotBits_RunAfterRun(int rank, bool transposed)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9500 + 10 * rank + (transposed ? 1 : 0));
        for (int i = 0; i < 8; i++)
        {
            var c = ConvCases.Random(rng, rank, transposed);
            ConvProblem problem = c.Problem;
            if (problem.OutputLength == 0 || problem.InChannels == 0)
                continue;
            float[] x = Fill.Normal(rng, problem.InputLength), w = Fill.Normal(rng, problem.WeightLength);
            float[] b = c.Bias ? Fill.Normal(rng, problem.OutChannels) : [];
            float[] oneShot = Tensors.ToArray(c.Run(x, w, c.Bias ? b : null, KernelBackend.Native));

            using var plan = NativeConvPlan.Create(problem, w, b);
            Assert.False(string.IsNullOrWhiteSpace(plan.Implementation));
            Assert.StartsWith("conv", plan.Implementation);
            for (int run = 0; run < 2; run++)
            {
                float[] y = Fill.Constant(problem.OutputLength, float.NaN);
                plan.Run(x, y);
                Compare.Exact(oneShot, y, $"{c} plan run {run}".On(KernelBackend.Native));
            }
        }
    }

    [Fact]
    public void DisposedPlan_RefusesToRun_AndDisposingTwiceIsHarmless()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var c = new ConvCase(2, false, [1, 3, 8, 8], [4, 3, 3, 3], false, [1, 1], 1, [1, 1], 1);
        var plan = NativeConvPlan.Create(c.Problem, new float[4 * 3 * 9], []);
        plan.Dispose();
        Assert.Throws<ObjectDisposedException>(() => plan.Run(new float[3 * 64], new float[4 * 64]));
        plan.Dispose();
    }

    [Fact]
    public void WrongLengths_AreRefusedByTheNativeRecheck()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var c = new ConvCase(2, false, [1, 3, 8, 8], [4, 3, 3, 3], true, [1, 1], 1, [1, 1], 1);
        Assert.Throws<ArgumentException>(() => NativeConvPlan.Create(c.Problem, new float[4 * 3 * 9 - 1], new float[4]));
        using var plan = NativeConvPlan.Create(c.Problem, new float[4 * 3 * 9], new float[4]);
        Assert.Throws<ArgumentException>(() => plan.Run(new float[3 * 64 - 1], new float[4 * 64]));
        Assert.Throws<ArgumentException>(() => plan.Run(new float[3 * 64], new float[4 * 64 - 1]));
    }

    [Fact]
    public void OneShotAndChannelShuffle_WrongLengths_AreRefusedByTheNativeRecheck()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        ConvProblem p = new ConvCase(1, true, [2, 4, 9], [4, 3, 3], true, [2], 1, [1], 1, OutputPadding: [1]).Problem;
        float[] x = new float[p.InputLength], w = new float[p.WeightLength], b = new float[p.OutChannels];
        NativeConv.Run(p, x, w, b, new float[p.OutputLength]);
        Assert.Throws<ArgumentException>(() => NativeConv.Run(p, x, w, b, new float[p.OutputLength - 1]));
        Assert.Throws<ArgumentException>(() => NativeConv.Run(p, x.AsSpan(1), w, b, new float[p.OutputLength]));
        Assert.Throws<ArgumentException>(() => NativeConv.Run(p, x, w, b.AsSpan(1), new float[p.OutputLength]));
        var shuffle = new ChannelShuffleShape(2, 6, 3, 5);
        NativeChannelShuffle.Run(shuffle, new float[60], new float[60]);
        Assert.Throws<ArgumentException>(() => NativeChannelShuffle.Run(shuffle, new float[59], new float[60]));
        Assert.Throws<ArgumentException>(() => NativeChannelShuffle.Run(shuffle with { Groups = 4 }, new float[60], new float[60]));
    }
}
