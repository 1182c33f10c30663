namespace KernelLib;

/// <summary>
/// Neural-network operations with <c>torch.nn.functional</c>'s semantics and parameter names. Every op comes as a
/// pair: one allocating a new tensor, one writing a caller's dense destination without allocating. Non-dense
/// (strided) tensors are rejected with an <see cref="ArgumentException"/>; copy them into a dense tensor first.
/// </summary>
public static partial class Functional
{
}
