// KernelLib demo: reproduces the classic PyTorch tutorial examples, convolves a photograph (PNGs written next to
// it in samples/images), shows what the separable convolution blocks save, then times a few
// standard suite cases (shared/BENCH_SUITE.md) on the managed and the native backend.
using System.Numerics.Tensors;
using KernelLib;
using KernelLib.Demo;

Console.WriteLine("KernelLib demo");
Console.WriteLine($"native library: {(KernelLibRuntime.IsNativeAvailable ? "loaded" : "absent (" + KernelLibRuntime.NativeLoadError + ")")}");
Console.WriteLine($"active ISA: {KernelLibRuntime.ActiveIsa}; threads: {KernelLibRuntime.NumThreads}");
Console.WriteLine();

Tutorial.Run();
Console.WriteLine();
ConvolutionImages.Run();
Console.WriteLine();
SuiteTimings.Run();
