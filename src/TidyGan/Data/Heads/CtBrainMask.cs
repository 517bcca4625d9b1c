
namespace TidyGan.Data;

/// <summary>
/// The classical reference brain mask of a head CT (target domain B), voxel by voxel:
/// (1) head = HU &gt; −500, largest component, holes filled (as for training: <see cref="HeadMask"/>);
/// (2) bone = HU &gt; 300 inside the head; (3) in each axial slice, the skull's interior = the region the bone
/// encloses, taken as the convex hull of the slice's bone (the ring has gaps), minus the bone; (4) brain candidates = interior voxels within the
/// brain window 0…80 HU (grey/white matter 20–45, blood up to ~80; CSF 0–15 is included, fat and air are not);
/// (5) a 3-D opening (6-neighbour erosion then dilation) cuts thin bridges through foramina and the orbits,
/// the largest 3-D component is kept and holes are filled per slice.
/// Limits: where a slice's skull ring is open (skull base, foramen magnum, orbits) the interior is not enclosed
/// and brain there is missed; CSF in sulci is counted as brain, like ch2bet; partial volume at the inner table
/// and hyperdense vessels/calcifications outside 0…80 HU leave small gaps that hole filling closes only in-plane.
/// </summary>
public static class CtBrainMask
{
    public const float HeadThresholdHu = -500f;
    public const float BoneThresholdHu = 300f;
    public const float BrainLowHu = 0f;
    public const float BrainHighHu = 80f;

    public static (bool[] Head, bool[] Brain) Compute(Volume ct)
    {
        var (map, _) = VolumeSlicer.Orientation(ct.Affine);
        if (map[2] != 2) throw new ArgumentException($"{ct.Source}: the CT brain mask expects axial slices along the voxel z axis");
        int nx = ct.Shape[0], ny = ct.Shape[1], nz = ct.Shape[2], plane = nx * ny;
        var head = HeadMask.Compute(ct, HeadThresholdHu);
        var v = ct.Voxels;
        var interior = new bool[v.Length];
        for (int z = 0; z < nz; z++)
        {
            var bone = new bool[plane];
            for (int p = 0; p < plane; p++) bone[p] = head[z * plane + p] && v[z * plane + p] > BoneThresholdHu;
            // The skull ring of this CT is open in places (thin temporal bone, the frontal sinus, and what looks like a
            // craniotomy defect over the right frontal lobe), so "what the bone encloses" leaks out through the gaps.
            // The cranial vault is close to convex: take the bone's convex hull as the skull's inside instead.
            var enclosed = ConvexHullMask(bone, nx, ny);
            for (int p = 0; p < plane; p++) interior[z * plane + p] = enclosed[p] && !bone[p];
        }
        var candidate = new bool[v.Length];
        for (int i = 0; i < v.Length; i++) candidate[i] = interior[i] && v[i] >= BrainLowHu && v[i] <= BrainHighHu;
        var opened = Dilate(Erode(candidate, nx, ny, nz), nx, ny, nz);
        for (int i = 0; i < opened.Length; i++) opened[i] &= candidate[i];
        var brain = HeadMask.LargestComponent(opened, nx, ny, nz);
        HeadMask.FillHolesPerSlice(brain, nx, ny, nz);
        return (head, brain);
    }

    /// <summary>Pixels inside the convex hull of a slice's true pixels (Andrew's monotone chain; hull edges count as inside).</summary>
    internal static bool[] ConvexHullMask(bool[] m, int nx, int ny)
    {
        var points = new List<(long X, long Y)>();
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++)
                if (m[x + nx * y]) points.Add((x, y));
        var inside = new bool[m.Length];
        if (points.Count < 3) return (bool[])m.Clone();
        points.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        static long Cross((long X, long Y) o, (long X, long Y) a, (long X, long Y) b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
        var hull = new List<(long X, long Y)>();
        for (int pass = 0; pass < 2; pass++)
        {
            int start = hull.Count;
            var ordered = pass == 0 ? points : Enumerable.Reverse(points).ToList();
            foreach (var p in ordered)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
                hull.Add(p);
            }
            hull.RemoveAt(hull.Count - 1);
        }
        if (hull.Count < 3) return (bool[])m.Clone();
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++)
            {
                bool inHull = true;
                for (int k = 0; k < hull.Count && inHull; k++)
                    inHull = Cross(hull[k], hull[(k + 1) % hull.Count], (x, y)) >= 0;   // counter-clockwise hull: left of every edge
                inside[x + nx * y] = inHull;
            }
        return inside;
    }

    /// <summary>6-neighbour binary erosion (voxels outside the array count as outside).</summary>
    internal static bool[] Erode(bool[] m, int nx, int ny, int nz) => Neighbourhood(m, nx, ny, nz, all: true);

    /// <summary>6-neighbour binary dilation.</summary>
    internal static bool[] Dilate(bool[] m, int nx, int ny, int nz) => Neighbourhood(m, nx, ny, nz, all: false);

    private static bool[] Neighbourhood(bool[] m, int nx, int ny, int nz, bool all)
    {
        var r = new bool[m.Length];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    int i = x + nx * (y + ny * z);
                    bool Get(int xx, int yy, int zz) => xx >= 0 && xx < nx && yy >= 0 && yy < ny && zz >= 0 && zz < nz && m[xx + nx * (yy + ny * zz)];
                    bool a = Get(x - 1, y, z), b = Get(x + 1, y, z), c = Get(x, y - 1, z), d = Get(x, y + 1, z), e = Get(x, y, z - 1), f = Get(x, y, z + 1);
                    r[i] = all ? m[i] && a && b && c && d && e && f : m[i] || a || b || c || d || e || f;
                }
        return r;
    }
}
