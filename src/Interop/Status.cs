namespace KernelLib.Interop;

/// <summary>Mirror of <c>kl_status</c>.</summary>
internal enum Status
{
    Ok = 0,
    InvalidArgument = 1,
    OutOfMemory = 2,
    Unsupported = 3,
    InternalError = 4,
}
