using Microsoft.Win32.SafeHandles;

namespace KernelLib.Interop;

/// <summary>Owns a native convolution plan (pre-packed weights); frees it with <c>kl_plan_destroy</c>.</summary>
internal sealed class ConvPlanHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ConvPlanHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        NativeMethods.PlanDestroy(handle);
        return true;
    }
}
