using System.Runtime.InteropServices;
using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls the native Linear entry points (one-shot and plans) with validated arguments.</summary>
internal static unsafe class NativeLinear
{
    /// <summary>One-shot <c>kl_linear_f32</c>; an empty <paramref name="bias"/> pins to NULL: no bias.</summary>
    internal static void Run(in LinearGeometry geometry, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        LinearParams parameters = Parameters(geometry.Batch, geometry.InFeatures, geometry.OutFeatures);
        fixed (float* px = x)
        fixed (float* pw = weight)
        fixed (float* pb = bias)
        fixed (float* py = y)
        {
            NativeStatus.Check(NativeMethods.Linear(parameters, px, x.Length, pw, weight.Length,
                pb, bias.Length, py, y.Length));
        }
    }

    /// <summary>Packs <paramref name="weight"/> (and copies <paramref name="bias"/>, empty for none) into a plan.</summary>
    internal static PlanHandle CreatePlan(long inFeatures, long outFeatures, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        LinearParams parameters = Parameters(0, inFeatures, outFeatures);
        fixed (float* pw = weight)
        fixed (float* pb = bias)
        {
            NativeStatus.Check(NativeMethods.LinearPlanCreate(parameters, pw, weight.Length,
                pb, bias.Length, out PlanHandle plan));
            return plan;
        }
    }

    /// <summary>Runs a plan on <paramref name="batch"/> rows; safe from several threads at once.</summary>
    internal static void RunPlan(PlanHandle plan, long batch, ReadOnlySpan<float> x, Span<float> y)
    {
        fixed (float* px = x)
        fixed (float* py = y)
        {
            NativeStatus.Check(NativeMethods.LinearPlanRun(plan, batch, px, x.Length, py, y.Length));
        }
    }

    /// <summary>Which implementation the plan chose, e.g. "linear/packed-gemm/avx2".</summary>
    internal static string Implementation(PlanHandle plan) =>
        Marshal.PtrToStringUTF8((nint)NativeMethods.PlanImplementation(plan)) ?? "unknown";

    private static LinearParams Parameters(long batch, long inFeatures, long outFeatures) =>
        new() { Batch = batch, InFeatures = inFeatures, OutFeatures = outFeatures };
}
