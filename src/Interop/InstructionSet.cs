namespace KernelLib.Interop;

/// <summary>Mirror of <c>kl_isa</c>: instruction-set paths, ordered from the reference upwards.</summary>
internal enum InstructionSet
{
    Scalar = 0,
    Avx2 = 1,
    Avx512 = 2,
    Neon = 3,
    Count = 4,
}
