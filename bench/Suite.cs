namespace KernelLib.Benchmarks;

/// <summary>
/// The standard cases (shared/BENCH_SUITE.md) this project benchmarks, with the work each
/// does: FLOPs for compute-bound cases, bytes moved for memory-bound ones.
/// </summary>
internal static class Suite
{
    public enum Unit { Flops, Bytes }

    public readonly record struct Work(double Amount, Unit Unit);

    public static Work Of(string caseId) => caseId switch
    {
        "G1" => Gemm(512, 512, 512),
        "G2" => Gemm(1024, 1024, 1024),
        "G3" => Gemm(2048, 2048, 2048),
        "G4" => Gemm(64, 1000, 4096),
        "G5" => Gemm(1, 4096, 4096),
        "G6" => Gemm(64, 64, 64),
        // Pooling: input read once + output written once, 4 bytes a float.
        "P1" => Bytes(64 * 112 * 112 + 64 * 56 * 56),
        "P2" => Bytes(64 * 224 * 224 + 64 * 112 * 112),
        "P3" => Bytes(256 * 28 * 28 + 256 * 28 * 28),
        "P4" => Bytes(8 * 2048 * 7 * 7 + 8 * 2048),
        // P5 counts both ops: MaxPool2dWithIndices reads x (64x112x112 f32) and writes y and the
        // indices (64x56x56 f32 + 64x56x56 int64); MaxUnpool2d reads y and the indices and writes
        // z (64x112x112 f32). 4*(2*64*112*112 + 2*64*56*56) + 8*(2*64*56*56) bytes = 11,239,424 B.
        "P5" => new(4.0 * (2 * 64 * 112 * 112 + 2 * 64 * 56 * 56) + 8.0 * (2 * 64 * 56 * 56), Unit.Bytes),
        "E1-1M" => Bytes(2 * (1 << 20)),
        "E1-16M" => Bytes(2 * (16 << 20)),
        // Convolution: the suite's FLOP rule, from each case's geometry.
        _ when ConvCase.Ids.Contains(caseId) => new(ConvCase.Of(caseId).Flops, Unit.Flops),
        _ => throw new ArgumentOutOfRangeException(nameof(caseId), caseId, "not a suite case"),
    };

    /// <summary>M, N, K of a GEMM or Linear suite case (Linear: M = batch, N = out, K = in).</summary>
    public static (int M, int N, int K) GemmShape(string caseId) => caseId switch
    {
        "G1" => (512, 512, 512),
        "G2" => (1024, 1024, 1024),
        "G3" => (2048, 2048, 2048),
        "G4" => (64, 1000, 4096),
        "G5" => (1, 4096, 4096),
        "G6" => (64, 64, 64),
        _ => throw new ArgumentOutOfRangeException(nameof(caseId), caseId, "not a GEMM suite case"),
    };

    private static Work Gemm(long m, long n, long k) => new(2.0 * m * n * k, Unit.Flops);

    private static Work Bytes(long floats) => new(4.0 * floats, Unit.Bytes);
}
