using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace KernelLib.Demo;

/// <summary>Images to and from tensors, as torchvision's ToTensor and save_image do (SkiaSharp does the codecs).</summary>
internal static class ImageFiles
{
    /// <summary>An RGB image as a batch of one, a <c>[1, 3, H, W]</c> tensor with values in 0..1.</summary>
    public static Tensor<float> LoadRgb(string path)
    {
        using SKBitmap decoded = SKBitmap.Decode(path) ?? throw new IOException($"Cannot decode {path}");
        using SKBitmap rgba = decoded.Copy(SKColorType.Rgba8888);
        int height = rgba.Height, width = rgba.Width, plane = height * width;
        ReadOnlySpan<byte> pixels = rgba.GetPixelSpan();
        var chw = new float[3 * plane];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = pixels.Slice(y * rgba.RowBytes, 4 * width);
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 3; c++)
                    chw[c * plane + y * width + x] = row[4 * x + c] / 255f;
            }
        }
        return Tensor.Create(chw, [1, 3, height, width]);
    }

    /// <summary>
    /// Writes a batch of one, a <c>[1, 1, H, W]</c> (grey scale) or <c>[1, 3, H, W]</c> (RGB) tensor, as a PNG,
    /// min-max normalised over the whole tensor to 0..255.
    /// </summary>
    public static void SavePng(Tensor<float> image, string path)
    {
        int channels = (int)image.Lengths[1], height = (int)image.Lengths[2], width = (int)image.Lengths[3];
        if (channels is not (1 or 3))
            throw new ArgumentException($"Expected 1 or 3 channels, got {channels}.", nameof(image));
        var values = new float[image.FlattenedLength];
        image.FlattenTo(values);
        float min = values.Min(), max = values.Max();
        float scale = max > min ? 255f / (max - min) : 0f;

        var info = new SKImageInfo(width, height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        int plane = height * width, pixelBytes = info.BytesPerPixel;
        var row = new byte[bitmap.RowBytes];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                    row[x * pixelBytes + c] = (byte)MathF.Round((values[c * plane + y * width + x] - min) * scale);
                if (channels == 3)
                    row[x * pixelBytes + 3] = 255;
            }
            Marshal.Copy(row, 0, bitmap.GetPixels() + y * bitmap.RowBytes, row.Length);
        }
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }
}
