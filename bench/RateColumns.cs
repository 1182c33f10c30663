using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace KernelLib.Benchmarks;

/// <summary>A column computed from a <see cref="SuiteRun"/> parameter and the measured mean time.</summary>
internal abstract class SuiteColumn(string name, int priority, string legend) : IColumn
{
    public string Id => GetType().Name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => priority;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var run = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<SuiteRun>().FirstOrDefault();
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return run is null || meanNs is not double ns ? "-" : Format(run, Suite.Of(run.Case), ns * 1e-9);
    }

    protected abstract string Format(SuiteRun run, Suite.Work work, double seconds);
}

/// <summary>GFLOP/s or GB/s.</summary>
internal sealed class RateColumn() : SuiteColumn("Rate", 0,
    "GFLOP/s for compute-bound cases, GB/s (input read + output written) for memory-bound ones")
{
    protected override string Format(SuiteRun run, Suite.Work work, double seconds) =>
        $"{work.Amount / seconds / 1e9:0.0} {(work.Unit == Suite.Unit.Flops ? "GFLOP/s" : "GB/s")}";
}

/// <summary>GFLOP/s as a percentage of the FMA peak measured for the same thread count.</summary>
internal sealed class PeakColumn() : SuiteColumn("%Peak", 1,
    "GFLOP/s over the register-only FMA peak of the best ISA at the same thread count")
{
    protected override string Format(SuiteRun run, Suite.Work work, double seconds)
    {
        double peak = FmaPeak.Gflops(run.Impl.Threads);
        return work.Unit != Suite.Unit.Flops || double.IsNaN(peak) ? "-" : $"{100 * work.Amount / seconds / 1e9 / peak:0.0}%";
    }
}
