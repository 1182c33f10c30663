using System.Buffers;
using System.Numerics.Tensors;

namespace KernelLib;

/// <summary>
/// The reference convolution and transposed convolution, written to be obviously right: every output element is
/// its bias plus the products of its window, added one kernel tap at a time in the order (input channel, kd, kh, kw),
/// each product rounded before it is added (no FMA), so the result is the same on every machine. Rows are updated
/// a whole output row per tap, vectorised (a width stride above 1 first splits the strided side into column phases,
/// which makes those runs contiguous; the order of the additions is unchanged). Padding modes other than zeros run
/// on an explicitly padded copy of the input (<see cref="ConvPadCopy"/>), exactly like PyTorch's F.pad then conv.
/// </summary>
internal static class ManagedConv
{
    /// <summary>Runs a validated problem; an empty <paramref name="bias"/> means no bias.</summary>
    internal static void Run(ConvProblem p, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (p.Transposed)
        {
            Transposed(p, x, w, bias, y);
        }
        else if (p.PaddingMode == PaddingMode.Zeros)
        {
            Forward(p, p.In, p.PadBegin, x, w, bias, y);
        }
        else
        {
            ConvDims padded = ConvPadCopy.PaddedSize(p);
            int length = checked((int)(p.Batch * p.InChannels * padded.Volume));
            float[] rented = ArrayPool<float>.Shared.Rent(length);
            try
            {
                Span<float> copy = rented.AsSpan(0, length);
                ConvPadCopy.Pad(p, x, copy);
                Forward(p, padded, new ConvDims(0, 0, 0), copy, w, bias, y);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Every output plane set to its bias (or 0): the whole result when no input channel contributes.</summary>
    internal static void FillBias(ConvProblem p, ReadOnlySpan<float> bias, Span<float> y)
    {
        int plane = checked((int)p.Out.Volume), outChannels = checked((int)p.OutChannels);
        for (long n = 0; n < p.Batch; n++)
        {
            for (int oc = 0; oc < outChannels; oc++)
            {
                y.Slice(checked((int)((n * outChannels + oc) * plane)), plane).Fill(bias.IsEmpty ? 0f : bias[oc]);
            }
        }
    }

    // y[n, oc, o] = bias[oc] + sum over (ic, k) of x[n, ic, o * s - pad + k * d] * w[oc, ic, k], out-of-range x = 0.
    // With a width stride s > 1 the input's planes are first split into s column phases (WidthPhases), so that the
    // inputs one output row reads for a tap are contiguous.
    private static void Forward(ConvProblem p, ConvDims inSize, ConvDims pad, ReadOnlySpan<float> x, ReadOnlySpan<float> w,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        FillBias(p, bias, y);
        Geometry g = new(p, inSize);
        var phases = new WidthPhases(g.InD * g.InH, g.InW, g.SW);
        float[]? rented = g.SW > 1 ? ArrayPool<float>.Shared.Rent(x.Length) : null;
        try
        {
            ReadOnlySpan<float> xs = x;
            if (rented is not null)
            {
                phases.Split(x, rented.AsSpan(0, x.Length), g.Batch * g.InChannels);
                xs = rented.AsSpan(0, x.Length);
            }
            for (int n = 0; n < g.Batch; n++)
            {
                for (int oc = 0; oc < g.OutChannels; oc++)
                {
                    int group = oc / g.OutPerGroup;
                    Span<float> yPlane = y.Slice((n * g.OutChannels + oc) * g.OutVolume, g.OutVolume);
                    for (int icg = 0; icg < g.InPerGroup; icg++)
                    {
                        int ic = group * g.InPerGroup + icg;
                        ReadOnlySpan<float> xPlane = xs.Slice((n * g.InChannels + ic) * g.InVolume, g.InVolume);
                        ReadOnlySpan<float> taps = w.Slice((oc * g.InPerGroup + icg) * g.KernelVolume, g.KernelVolume);
                        for (int kd = 0; kd < g.KD; kd++)
                        {
                            for (int kh = 0; kh < g.KH; kh++)
                            {
                                for (int kw = 0; kw < g.KW; kw++)
                                {
                                    float tap = taps[(kd * g.KH + kh) * g.KW + kw];
                                    int offD = kd * g.DD - (int)pad.D, offH = kh * g.DH - (int)pad.H, offW = kw * g.DW - (int)pad.W;
                                    var (owLo, owHi) = Range(offW, g.SW, g.InW, g.OutW);
                                    if (owHi <= owLo)
                                    {
                                        continue;
                                    }
                                    int iw0 = owLo * g.SW + offW;
                                    for (int od = 0; od < g.OutD; od++)
                                    {
                                        int id = od * g.SD + offD;
                                        if ((uint)id >= (uint)g.InD)
                                        {
                                            continue;
                                        }
                                        for (int oh = 0; oh < g.OutH; oh++)
                                        {
                                            int ih = oh * g.SH + offH;
                                            if ((uint)ih >= (uint)g.InH)
                                            {
                                                continue;
                                            }
                                            AddProducts(xPlane.Slice(phases.Offset(id * g.InH + ih, iw0), owHi - owLo), tap,
                                                yPlane.Slice((od * g.OutH + oh) * g.OutW + owLo, owHi - owLo));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    // The scatter form: x[n, ic, i] * w[ic, oc, k] is added to y[n, oc, i * s - pad + k * d]; y starts as the bias.
    // With a width stride s > 1 the output is accumulated split into s column phases and interleaved at the end.
    private static void Transposed(ConvProblem p, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
    {
        Geometry g = new(p, p.In);
        var phases = new WidthPhases(g.OutD * g.OutH, g.OutW, g.SW);
        float[]? rented = g.SW > 1 ? ArrayPool<float>.Shared.Rent(y.Length) : null;
        try
        {
            Span<float> ys = rented is null ? y : rented.AsSpan(0, y.Length);
            FillBias(p, bias, ys); // a plane holds one value: the same in either layout
            for (int n = 0; n < g.Batch; n++)
            {
                for (int oc = 0; oc < g.OutChannels; oc++)
                {
                    int group = oc / g.OutPerGroup, ocg = oc % g.OutPerGroup;
                    Span<float> yPlane = ys.Slice((n * g.OutChannels + oc) * g.OutVolume, g.OutVolume);
                    for (int icg = 0; icg < g.InPerGroup; icg++)
                    {
                        int ic = group * g.InPerGroup + icg;
                        ReadOnlySpan<float> xPlane = x.Slice((n * g.InChannels + ic) * g.InVolume, g.InVolume);
                        ReadOnlySpan<float> taps = w.Slice((ic * g.OutPerGroup + ocg) * g.KernelVolume, g.KernelVolume);
                        for (int kd = 0; kd < g.KD; kd++)
                        {
                            for (int kh = 0; kh < g.KH; kh++)
                            {
                                for (int kw = 0; kw < g.KW; kw++)
                                {
                                    float tap = taps[(kd * g.KH + kh) * g.KW + kw];
                                    int offD = kd * g.DD - (int)p.PadBegin.D, offH = kh * g.DH - (int)p.PadBegin.H, offW = kw * g.DW - (int)p.PadBegin.W;
                                    var (iwLo, iwHi) = Range(offW, g.SW, g.OutW, g.InW);
                                    if (iwHi <= iwLo)
                                    {
                                        continue;
                                    }
                                    int ow0 = iwLo * g.SW + offW;
                                    for (int id = 0; id < g.InD; id++)
                                    {
                                        int od = id * g.SD + offD;
                                        if ((uint)od >= (uint)g.OutD)
                                        {
                                            continue;
                                        }
                                        for (int ih = 0; ih < g.InH; ih++)
                                        {
                                            int oh = ih * g.SH + offH;
                                            if ((uint)oh >= (uint)g.OutH)
                                            {
                                                continue;
                                            }
                                            AddProducts(xPlane.Slice((id * g.InH + ih) * g.InW + iwLo, iwHi - iwLo), tap,
                                                yPlane.Slice(phases.Offset(od * g.OutH + oh, ow0), iwHi - iwLo));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if (rented is not null)
            {
                phases.Merge(ys, y, g.Batch * g.OutChannels);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    // y[i] += tap * x[i]: the product rounded, then added (TensorPrimitives.MultiplyAdd does not fuse).
    private static void AddProducts(ReadOnlySpan<float> x, float tap, Span<float> y) => TensorPrimitives.MultiplyAdd(x, tap, y, y);

    // The indices i in [0, count) with 0 <= i * stride + offset < size, as [lo, hi).
    private static (int Lo, int Hi) Range(int offset, int stride, int size, int count)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int last = size - 1 - offset;
        int hi = last < 0 ? 0 : Math.Min(count, last / stride + 1);
        return (lo, Math.Max(lo, hi));
    }

    // Planes of `rows` rows of `width` elements, each row stored as `stride` phases: phase r holds the columns
    // r, r + stride, r + 2 * stride ... of every row, the phases one after the other. Column c of a row then sits
    // next to column c + stride, so a stride-s walk along a row is a contiguous run. Stride 1 is the plain layout.
    private readonly struct WidthPhases(int rows, int width, int stride)
    {
        private int PhaseWidth(int r) => (width - r + stride - 1) / stride;

        // Where phase r starts: the columns below r in every row come first, ceil((width - r') / stride) each.
        private int PhaseStart(int r)
        {
            int start = 0;
            for (int q = 0; q < r; q++)
            {
                start += rows * PhaseWidth(q);
            }
            return start;
        }

        /// <summary>Index of column <paramref name="column"/> of row <paramref name="row"/> within a plane.</summary>
        internal int Offset(int row, int column)
        {
            int r = column % stride;
            return PhaseStart(r) + row * PhaseWidth(r) + column / stride;
        }

        internal void Split(ReadOnlySpan<float> plain, Span<float> phased, int planes) => Permute(plain, phased, planes, split: true);

        internal void Merge(ReadOnlySpan<float> phased, Span<float> plain, int planes) => Permute(phased, plain, planes, split: false);

        private void Permute(ReadOnlySpan<float> source, Span<float> target, int planes, bool split)
        {
            int volume = rows * width;
            for (int plane = 0; plane < planes; plane++)
            {
                int start = plane * volume;
                for (int r = 0; r < stride && r < width; r++)
                {
                    int phase = start + PhaseStart(r), phaseWidth = PhaseWidth(r);
                    for (int row = 0; row < rows; row++)
                    {
                        for (int j = 0; j < phaseWidth; j++)
                        {
                            int plainIndex = start + row * width + j * stride + r, phasedIndex = phase + row * phaseWidth + j;
                            if (split)
                            {
                                target[phasedIndex] = source[plainIndex];
                            }
                            else
                            {
                                target[plainIndex] = source[phasedIndex];
                            }
                        }
                    }
                }
            }
        }
    }

    // The problem's sizes as ints (every tensor here is indexed by an int span).
    private readonly struct Geometry
    {
        internal readonly int Batch, InChannels, OutChannels, InPerGroup, OutPerGroup;
        internal readonly int InD, InH, InW, OutD, OutH, OutW, KD, KH, KW, SD, SH, SW, DD, DH, DW;
        internal readonly int InVolume, OutVolume, KernelVolume;

        internal Geometry(ConvProblem p, ConvDims inSize)
        {
            Batch = checked((int)p.Batch);
            InChannels = checked((int)p.InChannels);
            OutChannels = checked((int)p.OutChannels);
            InPerGroup = checked((int)p.InChannelsPerGroup);
            OutPerGroup = checked((int)p.OutChannelsPerGroup);
            (InD, InH, InW) = (checked((int)inSize.D), checked((int)inSize.H), checked((int)inSize.W));
            (OutD, OutH, OutW) = (checked((int)p.Out.D), checked((int)p.Out.H), checked((int)p.Out.W));
            (KD, KH, KW) = (checked((int)p.Kernel.D), checked((int)p.Kernel.H), checked((int)p.Kernel.W));
            (SD, SH, SW) = (checked((int)p.Stride.D), checked((int)p.Stride.H), checked((int)p.Stride.W));
            (DD, DH, DW) = (checked((int)p.Dilation.D), checked((int)p.Dilation.H), checked((int)p.Dilation.W));
            InVolume = checked(InD * InH * InW);
            OutVolume = checked(OutD * OutH * OutW);
            KernelVolume = checked(KD * KH * KW);
        }
    }
}
