using Microsoft.Win32.SafeHandles;

namespace KernelLib.Interop;

/// <summary>Owns a native Linear plan (pre-packed weights); frees it with <c>kl_plan_destroy</c>.</summary>
internal sealed class LinearPlanHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LinearPlanHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        NativeMethods.PlanDestroy(handle);
        return true;
    }
}
