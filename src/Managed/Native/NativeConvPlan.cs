using System.Runtime.InteropServices;
using KernelLib.Interop;

namespace KernelLib;

/// <summary>
/// A native convolution plan for one problem (shapes included): the weights packed once, and a workspace of the
/// size <c>kl_conv_plan_workspace_size</c> asks for, owned here, so that <see cref="Run"/> allocates nothing. NN modules
/// keep one per input shape they have seen. One workspace: a plan runs on one thread at a time.
/// </summary>
internal sealed unsafe class NativeConvPlan : IDisposable
{
    // The header promises nothing about alignment beyond this, and asks for it.
    private const nuint WorkspaceAlignment = 64;

    private readonly PlanHandle _handle;
    private readonly object _runLock = new();
    private void* _workspace;
    private long _workspaceBytes;

    private NativeConvPlan(ConvProblem problem, PlanHandle handle)
    {
        Problem = problem;
        _handle = handle;
        Implementation = Marshal.PtrToStringUTF8((nint)NativeMethods.PlanImplementation(handle)) ?? "unknown";
        NativeStatus.Check(NativeMethods.ConvPlanWorkspaceSize(handle, out long bytes));
        _workspaceBytes = bytes;
        _workspace = bytes == 0 ? null : NativeMemory.AlignedAlloc(checked((nuint)bytes), WorkspaceAlignment);
    }

    /// <summary>The problem this plan runs.</summary>
    internal ConvProblem Problem { get; }

    /// <summary>Which implementation the plan chose, e.g. "conv/1x1-gemm/avx2".</summary>
    internal string Implementation { get; }

    /// <summary>Validates nothing beyond the native re-check: <paramref name="problem"/> comes from <see cref="ConvProblem"/>.</summary>
    /// <param name="problem">The validated problem.</param>
    /// <param name="weight">The weight, <see cref="ConvProblem.WeightLength"/> elements.</param>
    /// <param name="bias">The bias, empty for none.</param>
    internal static NativeConvPlan Create(ConvProblem problem, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        ConvParams parameters = NativeConv.Parameters(problem);
        PlanHandle handle;
        fixed (float* pw = weight)
        fixed (float* pb = bias)
        {
            NativeStatus.Check(NativeMethods.ConvPlanCreate(parameters, pw, weight.Length, pb, bias.Length, out handle));
        }
        try
        {
            return new NativeConvPlan(problem, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// y = conv(x) for the plan's problem. The library re-checks both lengths. The workspace was sized for the thread
    /// count at creation; a later, larger count makes the run use fewer threads (same results), never more memory.
    /// </summary>
    /// <param name="x">The input, <see cref="ConvProblem.InputLength"/> elements.</param>
    /// <param name="y">The output, <see cref="ConvProblem.OutputLength"/> elements, not overlapping <paramref name="x"/>.</param>
    internal void Run(ReadOnlySpan<float> x, Span<float> y)
    {
        lock (_runLock)
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            fixed (float* px = x)
            fixed (float* py = y)
            {
                NativeStatus.Check(NativeMethods.ConvPlanRun(_handle, px, x.Length, py, y.Length, _workspace, _workspaceBytes));
            }
        }
    }

    /// <summary>Frees the native plan and the workspace.</summary>
    public void Dispose()
    {
        lock (_runLock)
        {
            _handle.Dispose();
            if (_workspace is not null)
            {
                NativeMemory.AlignedFree(_workspace);
                _workspace = null;
                _workspaceBytes = 0;
            }
        }
    }
}
