namespace TidyGan.Data;

/// <summary>
/// Head (foreground) mask of a 3-D volume: threshold, keep the largest 6-connected component (drops the CT
/// head-rest arc, the table and stray noise, which do not touch the head), then fill holes slice by slice
/// (sinuses, ventricles of a thresholded MR) so the mask is a solid head.
/// </summary>
public static class HeadMask
{
    public static bool[] Compute(Volume volume, float threshold)
    {
        int nx = volume.Shape[0], ny = volume.Shape[1], nz = volume.Shape[2];
        int n = nx * ny * nz;
        var above = new bool[n];
        for (int i = 0; i < n; i++) above[i] = volume.Voxels[i] > threshold;
        var mask = LargestComponent(above, nx, ny, nz);
        FillHolesPerSlice(mask, nx, ny, nz);
        return mask;
    }

    /// <summary>Largest 6-connected component of a 3-D boolean grid (x fastest).</summary>
    public static bool[] LargestComponent(bool[] grid, int nx, int ny, int nz)
    {
        var label = new int[grid.Length];
        var queue = new int[grid.Length];
        int best = 0, bestSize = 0, current = 0;
        for (int start = 0; start < grid.Length; start++)
        {
            if (!grid[start] || label[start] != 0) continue;
            current++;
            int head = 0, tail = 0;
            queue[tail++] = start;
            label[start] = current;
            while (head < tail)
            {
                int p = queue[head++];
                int x = p % nx, y = p / nx % ny, z = p / (nx * ny);
                void Visit(int q)
                {
                    if (grid[q] && label[q] == 0) { label[q] = current; queue[tail++] = q; }
                }
                if (x > 0) Visit(p - 1);
                if (x < nx - 1) Visit(p + 1);
                if (y > 0) Visit(p - nx);
                if (y < ny - 1) Visit(p + nx);
                if (z > 0) Visit(p - nx * ny);
                if (z < nz - 1) Visit(p + nx * ny);
            }
            if (tail > bestSize) (best, bestSize) = (current, tail);
        }
        var result = new bool[grid.Length];
        if (best == 0) return result;
        for (int i = 0; i < grid.Length; i++) result[i] = label[i] == best;
        return result;
    }

    /// <summary>In each z slice, background not reachable from the slice border becomes foreground.</summary>
    public static void FillHolesPerSlice(bool[] mask, int nx, int ny, int nz)
    {
        var outside = new bool[nx * ny];
        var queue = new int[nx * ny];
        for (int z = 0; z < nz; z++)
        {
            int off = z * nx * ny;
            Array.Clear(outside);
            int head = 0, tail = 0;
            void Seed(int p)
            {
                if (!mask[off + p] && !outside[p]) { outside[p] = true; queue[tail++] = p; }
            }
            for (int x = 0; x < nx; x++) { Seed(x); Seed((ny - 1) * nx + x); }
            for (int y = 0; y < ny; y++) { Seed(y * nx); Seed(y * nx + nx - 1); }
            while (head < tail)
            {
                int p = queue[head++];
                int x = p % nx, y = p / nx;
                if (x > 0) Seed(p - 1);
                if (x < nx - 1) Seed(p + 1);
                if (y > 0) Seed(p - nx);
                if (y < ny - 1) Seed(p + nx);
            }
            for (int p = 0; p < nx * ny; p++) if (!outside[p]) mask[off + p] = true;
        }
    }

    /// <summary>Voxels outside the mask set to <paramref name="background"/> (air: −1024 HU for CT, 0 for MR).</summary>
    public static Volume Apply(Volume volume, bool[] mask, float background)
    {
        var v = (float[])volume.Voxels.Clone();
        for (int i = 0; i < mask.Length; i++) if (!mask[i]) v[i] = background;
        return volume.WithVoxels(v);
    }

    /// <summary>Inclusive voxel bounding box of the mask, or null when empty.</summary>
    public static (int[] Min, int[] Max)? BoundingBox(bool[] mask, int[] shape)
    {
        int[] lo = [int.MaxValue, int.MaxValue, int.MaxValue], hi = [-1, -1, -1];
        int nx = shape[0], ny = shape[1];
        for (int i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            int x = i % nx, y = i / nx % ny, z = i / (nx * ny);
            lo[0] = Math.Min(lo[0], x); hi[0] = Math.Max(hi[0], x);
            lo[1] = Math.Min(lo[1], y); hi[1] = Math.Max(hi[1], y);
            lo[2] = Math.Min(lo[2], z); hi[2] = Math.Max(hi[2], z);
        }
        return hi[0] < 0 ? null : (lo, hi);
    }
}
