using Microsoft.Win32.SafeHandles;

namespace KernelLib.Interop;

/// <summary>
/// Owns any native plan (Linear, convolution: pre-packed weights); frees it with <c>kl_plan_destroy</c>, which every
/// plan type shares, as it shares <c>kl_plan_implementation</c>.
/// </summary>
internal sealed class PlanHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public PlanHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        NativeMethods.PlanDestroy(handle);
        return true;
    }
}
