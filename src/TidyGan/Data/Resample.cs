using static TorchSharp.torch;

namespace TidyGan.Data;

/// <summary>
/// Bilinear/trilinear resampling of slices, volumes and image batches. Pixel centres follow the
/// align_corners = false convention (PyTorch's default): output pixel i samples input (i + 0.5)·in/out − 0.5.
/// </summary>
public static class Resample
{
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
