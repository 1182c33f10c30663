using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// The allocation-free overloads write into the caller's memory (and return that very span),
/// equal the allocating overloads, and leave memory outside the destination alone.
/// </summary>
[Trait("Category", "Api")]
public sealed class DestinationTests
{
    private const float Sentinel = 1234.5f;

    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Theory, MemberData(nameof(Backends))]
    public void Linear_WritesIntoCallerMemory(KernelBackend backend)
    {
        var rng = new Random(21);
        float[] x = Fill.Integers(rng, 3 * 4 * 10), w = Fill.Integers(rng, 7 * 10), b = Fill.Integers(rng, 7);
        var expected = Tensors.ToArray(Functional.Linear(Tensors.ReadOnly(x, 3, 4, 10), Tensors.ReadOnly(w, 7, 10), Tensors.ReadOnly(b, 7), backend));
        var buffer = Fill.Constant(3 * 4 * 7 + 2, Sentinel);
        var destination = Tensors.Writable(buffer.AsSpan(1, 3 * 4 * 7), 3, 4, 7);

        ref readonly var returned = ref Functional.Linear(Tensors.ReadOnly(x, 3, 4, 10), Tensors.ReadOnly(w, 7, 10), Tensors.ReadOnly(b, 7), destination, backend);

        Assert.True(Unsafe.AreSame(ref TensorMarshal.GetReference(returned), ref buffer[1]), "Linear must return the destination it was given");
        AssertWrittenBetweenSentinels(expected, buffer, "b3x4_i10o7_bias".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void ReLU_WritesIntoCallerMemoryAndInPlace(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(22), 45);
        var expected = Tensors.ToArray(Functional.ReLU(Tensors.ReadOnly(x, 5, 9), backend));
        var buffer = Fill.Constant(47, Sentinel);

        ref readonly var returned = ref Functional.ReLU(Tensors.ReadOnly(x, 5, 9), Tensors.Writable(buffer.AsSpan(1, 45), 5, 9), backend);
        Assert.True(Unsafe.AreSame(ref TensorMarshal.GetReference(returned), ref buffer[1]), "ReLU must return the destination it was given");
        AssertWrittenBetweenSentinels(expected, buffer, "n5x9".On(backend));

        var inPlace = (float[])x.Clone();
        ref readonly var same = ref Functional.ReLUInPlace(Tensors.Writable(inPlace, 5, 9), backend);
        Assert.True(Tensors.StartsAt(same, inPlace), "ReLUInPlace must return its input");
        Compare.Exact(expected, inPlace, "n5x9 ReLUInPlace".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void MaxPool2d_WritesIntoCallerMemory(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(23), 2 * 3 * 9 * 9);
        var (expected, expectedIndices) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 2, 3, 9, 9), 3, 2, 1, backend: backend);
        var buffer = Fill.Constant(2 * 3 * 5 * 5 + 2, Sentinel);
        var indices = new long[2 * 3 * 5 * 5 + 2];
        Array.Fill(indices, -9L);

        ref readonly var returned = ref Functional.MaxPool2d(Tensors.ReadOnly(x, 2, 3, 9, 9), 3,
            Tensors.Writable(buffer.AsSpan(1, 150), 2, 3, 5, 5), 2, 1, backend: backend);
        Assert.True(Unsafe.AreSame(ref TensorMarshal.GetReference(returned), ref buffer[1]), "MaxPool2d must return the destination it was given");
        AssertWrittenBetweenSentinels(Tensors.ToArray(expected), buffer, "n2c3h9w9_k3s2p1d1".On(backend));

        Array.Fill(buffer, Sentinel);
        Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 2, 3, 9, 9), 3, Tensors.Writable(buffer.AsSpan(1, 150), 2, 3, 5, 5),
            new System.Numerics.Tensors.TensorSpan<long>(indices.AsSpan(1, 150), [2, 3, 5, 5]), 2, 1, backend: backend);
        AssertWrittenBetweenSentinels(Tensors.ToArray(expected), buffer, "n2c3h9w9_k3s2p1d1 with indices".On(backend));
        Assert.Equal(-9L, indices[0]);
        Assert.Equal(-9L, indices[^1]);
        Compare.Exact(Tensors.ToArray(expectedIndices), indices.AsSpan(1, 150), "n2c3h9w9_k3s2p1d1 indices".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Sgemm_TouchesOnlyTheLogicalBlockOfC(KernelBackend backend)
    {
        var rng = new Random(24);
        const int M = 5, N = 6, K = 4, Ldc = 9;
        float[] a = Fill.Integers(rng, M * K), b = Fill.Integers(rng, K * N);
        var c = Fill.Constant((M - 1) * Ldc + N + 3, Sentinel);
        Blas.Sgemm(false, false, M, N, K, 1, a, K, b, N, 0, c.AsSpan(0, (M - 1) * Ldc + N), Ldc, backend);

        for (int i = 0; i < c.Length; i++)
        {
            bool logical = i / Ldc < M && i % Ldc < N;
            if (!logical)
                Assert.True(c[i] == Sentinel, $"NN_m5n6k4_ldc9 wrote padding element [{i}]".On(backend));
        }
        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                float sum = 0;
                for (int p = 0; p < K; p++)
                    sum += a[i * K + p] * b[p * N + j];
                Assert.Equal(sum, c[i * Ldc + j]);
            }
        }
    }

    private static void AssertWrittenBetweenSentinels(float[] expected, float[] buffer, string repro)
    {
        Assert.True(buffer[0] == Sentinel && buffer[^1] == Sentinel, $"{repro}: wrote outside the destination");
        Compare.Exact(expected, buffer.AsSpan(1, expected.Length), repro);
    }
}
