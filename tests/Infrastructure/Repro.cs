namespace KernelLib.Tests;

/// <summary>
/// Compact benchdnn-style descriptions of a case, printed on failure so it can be rerun by hand:
/// "n2c3h7w7_k3s2p1d1_ceil", "NT_m7n17k33_a1b0_lda33ldb33ldc17", "b6_i37o19_bias".
/// </summary>
public static class Repro
{
    public static string Pool(ReadOnlySpan<nint> inputShape, Size2 kernel, Size2? stride, Size2 padding, Size2? dilation, bool ceilMode)
    {
        string dims = inputShape.Length switch
        {
            4 => $"n{inputShape[0]}c{inputShape[1]}h{inputShape[2]}w{inputShape[3]}",
            3 => $"c{inputShape[0]}h{inputShape[1]}w{inputShape[2]}",
            _ => "shape" + string.Join("x", inputShape.ToArray()),
        };
        return $"{dims}_k{Hw(kernel)}s{Hw(stride ?? kernel)}p{Hw(padding)}d{Hw(dilation ?? 1)}{(ceilMode ? "_ceil" : "")}";
    }

    /// <summary>"n2c3d4h5w6_k3x3x3s2p1d1_ceil" for any rank: the last <paramref name="spatialRank"/> dims are spatial.</summary>
    public static string Pool(ReadOnlySpan<nint> inputShape, int spatialRank, Size3 kernel, Size3? stride, Size3 padding, Size3? dilation, bool ceilMode)
    {
        string[] spatialNames = spatialRank switch { 1 => ["l"], 2 => ["h", "w"], _ => ["d", "h", "w"] };
        string dims = inputShape.Length == spatialRank + 2 ? $"n{inputShape[0]}c{inputShape[1]}"
            : inputShape.Length == spatialRank + 1 ? $"c{inputShape[0]}" : "shape" + string.Join("x", inputShape.ToArray());
        for (int i = 0; i < spatialRank && inputShape.Length > spatialRank; i++)
            dims += spatialNames[i] + inputShape[inputShape.Length - spatialRank + i];
        string Sizes(Size3 s) => spatialRank switch
        {
            1 => $"{s.Width}",
            2 => s.Height == s.Width ? $"{s.Width}" : $"{s.Height}x{s.Width}",
            _ => s.Depth == s.Height && s.Height == s.Width ? $"{s.Width}" : $"{s.Depth}x{s.Height}x{s.Width}",
        };
        string d = dilation is Size3 dv ? $"d{Sizes(dv)}" : "";
        return $"{dims}_k{Sizes(kernel)}s{Sizes(stride ?? kernel)}p{Sizes(padding)}{d}{(ceilMode ? "_ceil" : "")}";
    }

    public static string Gemm(bool transA, bool transB, int m, int n, int k, float alpha, float beta, int lda, int ldb, int ldc) =>
        $"{(transA ? 'T' : 'N')}{(transB ? 'T' : 'N')}_m{m}n{n}k{k}_a{alpha:R}b{beta:R}_lda{lda}ldb{ldb}ldc{ldc}";

    public static string Linear(ReadOnlySpan<nint> inputShape, int outFeatures, bool bias)
    {
        string batch = inputShape.Length == 1 ? "1d" : string.Join("x", inputShape[..^1].ToArray());
        return $"b{batch}_i{inputShape[^1]}o{outFeatures}_{(bias ? "bias" : "nobias")}";
    }

    public static string Elementwise(ReadOnlySpan<nint> shape) => "n" + string.Join("x", shape.ToArray());

    /// <summary>Appends the backend (and native ISA) that produced the result.</summary>
    public static string On(this string repro, KernelBackend backend) => repro + "@" + TestBackends.Describe(backend);

    private static string Hw(Size2 s) => s.Height == s.Width ? s.Height.ToString() : $"{s.Height}x{s.Width}";
}
