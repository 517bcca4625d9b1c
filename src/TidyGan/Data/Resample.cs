using static TorchSharp.torch;

namespace TidyGan.Data;

/// <summary>
/// Bilinear/trilinear resampling and cropping of row-major arrays and volumes. Pixel centres follow the
/// align_corners = false convention (PyTorch's default): output pixel i samples input (i + 0.5)·in/out − 0.5.
/// </summary>
public static class Resample
{
    /// <summary>Resize a [height, width] image bilinearly (no antialiasing: use <see cref="Resize(Tensor, int, int, bool)"/> to shrink a lot).</summary>
    public static float[] Bilinear(ReadOnlySpan<float> src, int height, int width, int outHeight, int outWidth)
    {
        var dst = new float[outHeight * outWidth];
        double sy = (double)height / outHeight, sx = (double)width / outWidth;
        for (int y = 0; y < outHeight; y++)
        {
            double fy = Math.Clamp((y + 0.5) * sy - 0.5, 0, height - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, height - 1);
            double wy = fy - y0;
            for (int x = 0; x < outWidth; x++)
            {
                double fx = Math.Clamp((x + 0.5) * sx - 0.5, 0, width - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, width - 1);
                double wx = fx - x0;
                double top = src[y0 * width + x0] * (1 - wx) + src[y0 * width + x1] * wx;
                double bottom = src[y1 * width + x0] * (1 - wx) + src[y1 * width + x1] * wx;
                dst[y * outWidth + x] = (float)(top * (1 - wy) + bottom * wy);
            }
        }
        return dst;
    }

    /// <summary>Cut a [size × size] window whose top-left is (top, left); outside the image gets <paramref name="fill"/>.</summary>
    public static float[] Crop(ReadOnlySpan<float> src, int height, int width, int top, int left, int outHeight, int outWidth, float fill)
    {
        var dst = new float[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++)
            for (int x = 0; x < outWidth; x++)
            {
                int sy = top + y, sx = left + x;
                dst[y * outWidth + x] = sy >= 0 && sy < height && sx >= 0 && sx < width ? src[sy * width + sx] : fill;
            }
        return dst;
    }

    /// <summary>
    /// Resample a slice with pixel size (rowSpacing, columnSpacing) mm to square pixels of
    /// <paramref name="targetSpacing"/> mm, centred in a size × size frame (cropped or padded with fill).
    /// </summary>
    public static float[] ToSpacing(ReadOnlySpan<float> src, int height, int width, double rowSpacing, double columnSpacing,
        double targetSpacing, int size, float fill)
    {
        var dst = new float[size * size];
        double cy = (height - 1) / 2.0, cx = (width - 1) / 2.0, c = (size - 1) / 2.0;
        for (int y = 0; y < size; y++)
        {
            double fy = cy + (y - c) * targetSpacing / rowSpacing;
            for (int x = 0; x < size; x++)
            {
                double fx = cx + (x - c) * targetSpacing / columnSpacing;
                dst[y * size + x] = Bilinear(src, height, width, fy, fx, fill);
            }
        }
        return dst;
    }

    /// <summary>Bilinear value of an h × w image at pixel coordinates (fy, fx); <paramref name="fill"/> beyond half a pixel outside.</summary>
    internal static float Bilinear(ReadOnlySpan<float> src, int h, int w, double fy, double fx, float fill)
    {
        if (fy < -0.5 || fy > h - 0.5 || fx < -0.5 || fx > w - 0.5) return fill;
        fy = Math.Clamp(fy, 0, h - 1);
        fx = Math.Clamp(fx, 0, w - 1);
        int y0 = (int)fy, x0 = (int)fx, y1 = Math.Min(y0 + 1, h - 1), x1 = Math.Min(x0 + 1, w - 1);
        double wy = fy - y0, wx = fx - x0;
        return (float)((src[y0 * w + x0] * (1 - wx) + src[y0 * w + x1] * wx) * (1 - wy)
                     + (src[y1 * w + x0] * (1 - wx) + src[y1 * w + x1] * wx) * wy);
    }

    /// <summary>Trilinear resampling of a 3-D volume to a new voxel size; the affine keeps voxel centres' world positions consistent.</summary>
    public static Volume ToSpacing(Volume volume, double[] spacing)
    {
        if (volume.Shape.Length != 3) throw new ArgumentException("3-D volumes only; take a Frame first", nameof(volume));
        var outShape = new int[3];
        for (int i = 0; i < 3; i++) outShape[i] = Math.Max(1, (int)Math.Round(volume.Shape[i] * volume.Spacing[i] / spacing[i]));
        var ratio = Enumerable.Range(0, 3).Select(i => (double)volume.Shape[i] / outShape[i]).ToArray();
        var dst = new float[outShape[0] * outShape[1] * outShape[2]];
        int nx = volume.Shape[0], ny = volume.Shape[1], nz = volume.Shape[2];
        var v = volume.Voxels;
        for (int z = 0; z < outShape[2]; z++)
        {
            double fz = Math.Clamp((z + 0.5) * ratio[2] - 0.5, 0, nz - 1);
            int z0 = (int)fz, z1 = Math.Min(z0 + 1, nz - 1);
            double wz = fz - z0;
            for (int y = 0; y < outShape[1]; y++)
            {
                double fy = Math.Clamp((y + 0.5) * ratio[1] - 0.5, 0, ny - 1);
                int y0 = (int)fy, y1 = Math.Min(y0 + 1, ny - 1);
                double wy = fy - y0;
                for (int x = 0; x < outShape[0]; x++)
                {
                    double fx = Math.Clamp((x + 0.5) * ratio[0] - 0.5, 0, nx - 1);
                    int x0 = (int)fx, x1 = Math.Min(x0 + 1, nx - 1);
                    double wx = fx - x0;
                    double Lerp(int yy, int zz) => v[x0 + nx * (yy + ny * zz)] * (1 - wx) + v[x1 + nx * (yy + ny * zz)] * wx;
                    double value = (Lerp(y0, z0) * (1 - wy) + Lerp(y1, z0) * wy) * (1 - wz) + (Lerp(y0, z1) * (1 - wy) + Lerp(y1, z1) * wy) * wz;
                    dst[x + outShape[0] * (y + outShape[1] * z)] = (float)value;
                }
            }
        }
        // New voxel i sits at old continuous index (i + 0.5)·ratio − 0.5.
        var a = (double[,])volume.Affine.Clone();
        for (int r = 0; r < 3; r++)
        {
            double shift = 0;
            for (int c = 0; c < 3; c++)
            {
                shift += volume.Affine[r, c] * (0.5 * ratio[c] - 0.5);
                a[r, c] = volume.Affine[r, c] * ratio[c];
            }
            a[r, 3] = volume.Affine[r, 3] + shift;
        }
        return new Volume(dst, outShape, a, volume.Kind, volume.SourceDataType, volume.Source,
            Enumerable.Range(0, 3).Select(i => volume.Spacing[i] * ratio[i]).ToArray());
    }

    /// <summary>Resize a [N, C, H, W] batch with TorchSharp (bilinear, antialiased when shrinking).</summary>
    public static Tensor Resize(Tensor images, int height, int width, bool antialias = true)
    {
        if (images.shape[2] == height && images.shape[3] == width) return images.clone();
        return nn.functional.interpolate(images, size: [height, width], mode: InterpolationMode.Bilinear,
            align_corners: false, antialias: antialias);
    }
}
