using TidyGan.IO;
using TorchSharp;

namespace TidyGan.Data;

/// <summary>
/// Volume → ImageSet of head-centred slices: (1) head mask = threshold + largest component + hole filling,
/// background set to <c>background</c> (this removes the CT head-rest arc and table, which do not
/// touch the head); (2) slices along the chosen plane in display orientation; (3) keep the contiguous run of
/// slices whose head area is at least MinHeadFraction of the largest; (4) one square window (in mm) around the
/// union of head boxes, the same for every slice so all slices share one pixel size; (5) resample to square
/// pixels, antialiased resize to Size, normalise with the mapping.
/// </summary>
public static class VolumeSliceSet
{
    public static ImageSet Build(string name, Volume volume, IIntensityMapping intensity, float threshold, float background, DatasetOptions options) =>
        Build(name, volume, intensity, threshold, background, options, null);

    /// <summary>The same with the head mask already computed (<see cref="HeadMask.Compute"/> of the 3-D volume at <paramref name="threshold"/>).</summary>
    public static ImageSet Build(string name, Volume volume, IIntensityMapping intensity, float threshold, float background, DatasetOptions options, bool[]? headMask)
    {
        if (volume.Shape.Length == 4) volume = volume.Frame(0);
        var mask = headMask ?? HeadMask.Compute(volume, threshold);
        if (mask.Length != volume.VoxelsPerFrame) throw new ArgumentException($"{name}: head mask has {mask.Length} voxels, the volume {volume.VoxelsPerFrame}");
        var masked = options.MaskBackground ? HeadMask.Apply(volume, mask, background) : volume;
        var maskVolume = volume.WithVoxels(mask.Select(m => m ? 1f : 0f).ToArray());
        var axis = options.Axis;
        var geometry = VolumeSlicer.Geometry(volume, axis);
        int count = VolumeSlicer.SliceCount(volume, axis);

        // Head area per slice and the union of head boxes in display coordinates (with a maximum depth: the union
        // over the slices within that depth only, so the kept part of the head is what gets centred).
        var (area, boxes, h, w) = HeadBoxes(maskVolume, axis, count);
        var inRange = options.MaxDepthMm is double depthLimit
            ? DepthBelowVertex(name, volume, axis, area).Select(d => d <= depthLimit + 1e-6).ToArray()
            : Enumerable.Repeat(true, count).ToArray();
        var (top, bottom, left, right) = Union(boxes, inRange);
        int maxArea = area.Max();
        if (maxArea == 0) throw new UserException($"{name}: no voxel above the head threshold {threshold} in {volume.Source}");
        int first = Array.FindIndex(area, a => a >= options.MinHeadFraction * maxArea);
        int last = Array.FindLastIndex(area, a => a >= options.MinHeadFraction * maxArea);
        if (options.MaxDepthMm is double maxDepth)
            (first, last) = WithinDepth(name, volume, axis, area, first, last, maxDepth);
        if (options.Limit is int limit && limit < last - first + 1)
        {
            int centre = (first + last) / 2;
            first = Math.Max(first, centre - limit / 2);
            last = first + limit - 1;
        }

        // Square window in mm around the head box, sampled with square pixels of the finer in-plane spacing.
        double rowSp = geometry.RowSpacing, colSp = geometry.ColumnSpacing, fine = Math.Min(rowSp, colSp);
        double cy = (top + bottom) / 2.0, cx = (left + right) / 2.0;
        double sideMm = options.FieldOfViewMm ?? Math.Max((bottom - top + 1) * rowSp, (right - left + 1) * colSp) * (1 + 2 * options.Margin);
        int sideFine = Math.Max(options.Size, (int)Math.Ceiling(sideMm / fine));
        double finalSp = sideFine * fine / options.Size;
        int n = last - first + 1;
        var data = new float[(long)n * sideFine * sideFine];
        for (int i = 0; i < n; i++)
        {
            var s = VolumeSlicer.Slice(masked, axis, first + i, out _, out _);
            var sq = SampleSquare(s, h, w, rowSp, colSp, cy, cx, fine, sideFine, background);
            for (int p = 0; p < sq.Length; p++) sq[p] = intensity.ToNormalized(sq[p]);
            sq.CopyTo(data, (long)i * sideFine * sideFine);
        }

        torch.Tensor images;
        using (var scope = torch.NewDisposeScope())
        {
            var t = torch.tensor(data, [n, 1, sideFine, sideFine]);
            var resized = Resample.Resize(t, options.Size, options.Size, antialias: true).clamp(-1, 1);
            if (options.Channels is 3) resized = resized.expand(n, 3, options.Size, options.Size).contiguous();
            images = resized.MoveToOuterDisposeScope();
        }

        // World position of output pixel (0, 0) of the first kept slice (align_corners = false pixel centres).
        double c = (sideFine - 1) / 2.0, fineIndex = 0.5 * sideFine / options.Size - 0.5;
        double oy = cy + (fineIndex - c) * fine / rowSp, ox = cx + (fineIndex - c) * fine / colSp;
        var origin = VolumeSlicer.ToWorld(volume, axis, first, oy, ox);
        return new ImageSet
        {
            Name = name,
            Images = images,
            Intensity = intensity,
            Geometry = new SliceGeometry(axis, finalSp, finalSp, geometry.SliceSpacing, [origin.X, origin.Y, origin.Z]),
        };
    }

    /// <summary>
    /// Narrows [first, last] to the slices at most <paramref name="maxDepth"/> mm below the head's top: the world
    /// z (superior, from the affine) of the most superior slice with any head voxel. Depth is measured along z, so
    /// it does not depend on the slice order or spacing of the volume.
    /// </summary>
    internal static (int First, int Last) WithinDepth(string name, Volume volume, SliceAxis axis, int[] area, int first, int last, double maxDepth)
    {
        if (!(maxDepth > 0)) throw new ArgumentException($"{name}: the maximum depth below the vertex must be positive (got {maxDepth} mm)");
        var depth = DepthBelowVertex(name, volume, axis, area);
        var kept = Enumerable.Range(first, last - first + 1).Where(k => depth[k] <= maxDepth + 1e-6).ToArray();
        if (kept.Length == 0) throw new ArgumentException($"{name}: no head slice within {maxDepth} mm of the vertex");
        return (kept.Min(), kept.Max());
    }

    /// <summary>Per axial slice: world mm below the most superior slice with head voxels (negative above it).</summary>
    public static double[] DepthBelowVertex(string name, Volume volume, SliceAxis axis, int[] area)
    {
        if (axis != SliceAxis.Axial) throw new ArgumentException($"{name}: a maximum depth below the vertex needs axial slices (got {axis})");
        var z = Enumerable.Range(0, area.Length).Select(k => VolumeSlicer.ToWorld(volume, axis, k, 0, 0).Z).ToArray();
        double vertex = Enumerable.Range(0, area.Length).Where(k => area[k] > 0).Max(k => z[k]);
        return z.Select(v => vertex - v).ToArray();
    }

    /// <summary>Head area and head box (display rows/columns; top = −1 when empty) of every slice of a 0/1 mask volume.</summary>
    public static (int[] Area, (int Top, int Bottom, int Left, int Right)[] Boxes, int Height, int Width) HeadBoxes(Volume maskVolume, SliceAxis axis, int count)
    {
        var area = new int[count];
        var boxes = new (int, int, int, int)[count];
        int h = 0, w = 0;
        for (int k = 0; k < count; k++)
        {
            var m = VolumeSlicer.Slice(maskVolume, axis, k, out h, out w);
            int top = int.MaxValue, bottom = -1, left = int.MaxValue, right = -1;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    if (m[y * w + x] == 0) continue;
                    area[k]++;
                    top = Math.Min(top, y); bottom = Math.Max(bottom, y);
                    left = Math.Min(left, x); right = Math.Max(right, x);
                }
            boxes[k] = area[k] > 0 ? (top, bottom, left, right) : (-1, -1, -1, -1);
        }
        return (area, boxes, h, w);
    }

    /// <summary>The union of the non-empty boxes of the selected slices.</summary>
    public static (int Top, int Bottom, int Left, int Right) Union((int Top, int Bottom, int Left, int Right)[] boxes, bool[] selected)
    {
        int top = int.MaxValue, bottom = -1, left = int.MaxValue, right = -1;
        for (int k = 0; k < boxes.Length; k++)
        {
            if (!selected[k] || boxes[k].Top < 0) continue;
            top = Math.Min(top, boxes[k].Top); bottom = Math.Max(bottom, boxes[k].Bottom);
            left = Math.Min(left, boxes[k].Left); right = Math.Max(right, boxes[k].Right);
        }
        return (top, bottom, left, right);
    }

    /// <summary>Bilinear sample of a size × size grid of square <paramref name="spacing"/>-mm pixels centred on (cy, cx).</summary>
    internal static float[] SampleSquare(float[] src, int h, int w, double rowSp, double colSp, double cy, double cx, double spacing, int size, float fill)
    {
        var dst = new float[size * size];
        double c = (size - 1) / 2.0;
        for (int y = 0; y < size; y++)
        {
            double fy = cy + (y - c) * spacing / rowSp;
            for (int x = 0; x < size; x++)
            {
                double fx = cx + (x - c) * spacing / colSp;
                if (fy < -0.5 || fy > h - 0.5 || fx < -0.5 || fx > w - 0.5) { dst[y * size + x] = fill; continue; }
                double yy = Math.Clamp(fy, 0, h - 1), xx = Math.Clamp(fx, 0, w - 1);
                int y0 = (int)yy, x0 = (int)xx, y1 = Math.Min(y0 + 1, h - 1), x1 = Math.Min(x0 + 1, w - 1);
                double wy = yy - y0, wx = xx - x0;
                dst[y * size + x] = (float)((src[y0 * w + x0] * (1 - wx) + src[y0 * w + x1] * wx) * (1 - wy)
                                          + (src[y1 * w + x0] * (1 - wx) + src[y1 * w + x1] * wx) * wy);
            }
        }
        return dst;
    }
}
