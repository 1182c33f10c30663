using System.Runtime.InteropServices;

namespace KernelLib.Interop;

/// <summary>One-to-one mirror of native/include/kernellib.h. Blittable arguments only.</summary>
internal static unsafe partial class NativeMethods
{
    internal const string LibraryName = "kernellib";

    /// <summary>Must equal KL_ABI_VERSION of the header this file mirrors.</summary>
    internal const int AbiVersion = 3;

    // Runs before the first P/Invoke below, so every call resolves through NativeLibraryLoader.
    static NativeMethods() => NativeLibraryLoader.RegisterResolver();

    // ---- library ----

    [LibraryImport(LibraryName, EntryPoint = "kl_abi_version")]
    internal static partial int AbiVersionOfLibrary();

    [LibraryImport(LibraryName, EntryPoint = "kl_last_error")]
    internal static partial byte* LastError();

    [LibraryImport(LibraryName, EntryPoint = "kl_isa")]
    internal static partial int Isa();

    [LibraryImport(LibraryName, EntryPoint = "kl_isa_supported")]
    internal static partial int IsaSupported(int isa);

    [LibraryImport(LibraryName, EntryPoint = "kl_isa_name")]
    internal static partial byte* IsaName(int isa);

    [LibraryImport(LibraryName, EntryPoint = "kl_set_num_threads")]
    internal static partial Status SetNumThreads(int numThreads);

    [LibraryImport(LibraryName, EntryPoint = "kl_get_num_threads")]
    internal static partial int GetNumThreads();

    // ---- GEMM / Linear ----

    [LibraryImport(LibraryName, EntryPoint = "kl_sgemm")]
    internal static partial Status Sgemm(in GemmParams p, float* a, long aLen, float* b, long bLen, float* c, long cLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_linear_f32")]
    internal static partial Status Linear(in LinearParams p, float* x, long xLen, float* weight, long weightLen,
        float* bias, long biasLen, float* y, long yLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_linear_plan_create")]
    internal static partial Status LinearPlanCreate(in LinearParams p, float* weight, long weightLen,
        float* bias, long biasLen, out PlanHandle plan);

    [LibraryImport(LibraryName, EntryPoint = "kl_linear_plan_run")]
    internal static partial Status LinearPlanRun(PlanHandle plan, long batch, float* x, long xLen, float* y, long yLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_plan_implementation")]
    internal static partial byte* PlanImplementation(PlanHandle plan);

    [LibraryImport(LibraryName, EntryPoint = "kl_plan_destroy")]
    internal static partial void PlanDestroy(nint plan);

    // ---- activations ----

    [LibraryImport(LibraryName, EntryPoint = "kl_relu_f32")]
    internal static partial Status Relu(float* x, float* y, long n);

    // ---- pooling ----

    [LibraryImport(LibraryName, EntryPoint = "kl_maxpool_f32")]
    internal static partial Status MaxPool(in PoolParams p, float* x, long xLen, float* y, long yLen,
        long* indices, long indicesLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_avgpool_f32")]
    internal static partial Status AvgPool(in PoolParams p, float* x, long xLen, float* y, long yLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_adaptive_avgpool_f32")]
    internal static partial Status AdaptiveAvgPool(in AdaptivePoolParams p, float* x, long xLen, float* y, long yLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_adaptive_maxpool_f32")]
    internal static partial Status AdaptiveMaxPool(in AdaptivePoolParams p, float* x, long xLen, float* y, long yLen,
        long* indices, long indicesLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_global_avgpool_f32")]
    internal static partial Status GlobalAvgPool(long planes, long planeSize, float* x, long xLen, float* y, long yLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_global_maxpool_f32")]
    internal static partial Status GlobalMaxPool(long planes, long planeSize, float* x, long xLen, float* y, long yLen,
        long* indices, long indicesLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_channel_maxpool_f32")]
    internal static partial Status ChannelMaxPool(long batch, long channels, long planeSize, float* x, long xLen,
        float* y, long yLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_channel_avgpool_f32")]
    internal static partial Status ChannelAvgPool(long batch, long channels, long planeSize, float* x, long xLen,
        float* y, long yLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_maxunpool_f32")]
    internal static partial Status MaxUnpool(in UnpoolParams p, float* x, long xLen, long* indices, long indicesLen,
        float* y, long yLen);

    // ---- convolution ----

    [LibraryImport(LibraryName, EntryPoint = "kl_conv_plan_create")]
    internal static partial Status ConvPlanCreate(in ConvParams p, float* weight, long weightLen, float* bias, long biasLen,
        out PlanHandle plan);

    [LibraryImport(LibraryName, EntryPoint = "kl_conv_plan_workspace_size")]
    internal static partial Status ConvPlanWorkspaceSize(PlanHandle plan, out long bytes);

    [LibraryImport(LibraryName, EntryPoint = "kl_conv_plan_run")]
    internal static partial Status ConvPlanRun(PlanHandle plan, float* x, long xLen, float* y, long yLen,
        void* workspace, long workspaceBytes);

    [LibraryImport(LibraryName, EntryPoint = "kl_conv_f32")]
    internal static partial Status Conv(in ConvParams p, float* x, long xLen, float* weight, long weightLen,
        float* bias, long biasLen, float* y, long yLen);

    [LibraryImport(LibraryName, EntryPoint = "kl_channel_shuffle_f32")]
    internal static partial Status ChannelShuffle(long batch, long channels, long groups, long planeSize,
        float* x, long xLen, float* y, long yLen);

    // ---- machine ----

    [LibraryImport(LibraryName, EntryPoint = "kl_measure_fma_peak")]
    internal static partial Status MeasureFmaPeak(int isa, int numThreads, double seconds, out double gflops);
}
