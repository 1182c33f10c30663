using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace KernelLib.Benchmarks;

/// <summary>GFLOP/s or GB/s of a <see cref="SuiteRun"/>, from the measured mean time.</summary>
internal sealed class RateColumn : IColumn
{
    public string Id => nameof(RateColumn);
    public string ColumnName => "Rate";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "GFLOP/s for compute-bound cases, GB/s (input read + output written) for memory-bound ones";

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (RunOf(benchmarkCase) is not { } run || Seconds(summary, benchmarkCase) is not { } seconds) return "-";
        var work = Suite.Of(run.Case);
        string unit = work.Unit == Suite.Unit.Flops ? "GFLOP/s" : "GB/s";
        return $"{work.Amount / seconds / 1e9:0.0} {unit}";
    }

    internal static SuiteRun? RunOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<SuiteRun>().FirstOrDefault();

    internal static double? Seconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Mean is double ns ? ns * 1e-9 : null;
}

/// <summary>GFLOP/s as a percentage of the FMA peak measured for the same thread count.</summary>
internal sealed class PeakColumn : IColumn
{
    public string Id => nameof(PeakColumn);
    public string ColumnName => "%Peak";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "GFLOP/s over the register-only FMA peak of the best ISA at the same thread count";

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (RateColumn.RunOf(benchmarkCase) is not { } run || RateColumn.Seconds(summary, benchmarkCase) is not { } seconds) return "-";
        var work = Suite.Of(run.Case);
        double peak = FmaPeak.Gflops(run.Impl.Threads);
        if (work.Unit != Suite.Unit.Flops || double.IsNaN(peak)) return "-";
        return $"{100 * work.Amount / seconds / 1e9 / peak:0.0}%";
    }
}
