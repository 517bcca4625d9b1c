using TidyGan.Data;

namespace TidyGan.Tests.Segmentation;

/// <summary>
/// A small MR-like head phantom: an ellipsoidal head (scalp intensity 300) around an off-centre ellipsoidal brain
/// (white matter 800 inside grey matter 600, with a CSF core of 150), on an anisotropic grid whose x axis runs
/// right-to-left (negative affine entry), so flips and spacing mistakes show.
/// </summary>
internal static class Phantom
{
    public static (Volume Volume, bool[] Head, bool[] Brain, int[] Labels) Head(int nx = 48, int ny = 56, int nz = 36)
    {
        var affine = Volume.DiagonalAffine(1.25, 1.0, 1.5);
        affine[0, 0] = -1.25;
        affine[0, 3] = 30;
        affine[1, 3] = -28;
        affine[2, 3] = -20;
        var voxels = new float[nx * ny * nz];
        var head = new bool[voxels.Length];
        var brain = new bool[voxels.Length];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    int i = x + nx * (y + ny * z);
                    double hx = (x - nx / 2.0) / (nx * 0.4), hy = (y - ny / 2.0) / (ny * 0.42), hz = (z - nz / 2.0) / (nz * 0.45);
                    double bx = (x - nx * 0.56) / (nx * 0.26), by = (y - ny * 0.55) / (ny * 0.28), bz = (z - nz * 0.55) / (nz * 0.3);
                    double rh = hx * hx + hy * hy + hz * hz, rb = bx * bx + by * by + bz * bz;
                    if (rh > 1) continue;
                    head[i] = true;
                    voxels[i] = 300;
                    if (rb > 1) continue;
                    brain[i] = true;
                    voxels[i] = rb < 0.1 ? 150 : rb < 0.5 ? 800 : 600;
                }
        var volume = new Volume(voxels, [nx, ny, nz], affine, source: "phantom");
        return (volume, head, brain, HeadLabels.FromMasks(head, brain));
    }
}
