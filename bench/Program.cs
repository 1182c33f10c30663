using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using KernelLib;
using KernelLib.Benchmarks;

// ./build.sh bench [filter] [BenchmarkDotNet args], e.g. ./build.sh bench '*Gemm*' --job short
Console.WriteLine($"KernelLib benchmarks: native {(KernelLibRuntime.IsNativeAvailable ? "loaded" : "absent")}, ISA {KernelLibRuntime.ActiveIsa}, {Environment.ProcessorCount} cores");
FmaPeak.MeasureAndPrint();

var config = DefaultConfig.Instance
    .AddColumn(new RateColumn(), new PeakColumn())
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args, config);
