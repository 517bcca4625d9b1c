using TidyGan.IO;
using static TorchSharp.torch;

namespace TidyGan.Data.CtPhysics;

/// <summary>A simulated volume pair in the input's geometry (HU), and the noise level measured in it.</summary>
/// <param name="NoiseSdHu">sd of (low − full) over soft-tissue voxels (full dose 0–80 HU): the added noise.</param>
public sealed record LowDoseVolumePair(Volume FullDose, Volume LowDose, double NoiseSdHu, int SoftTissueVoxels);

/// <summary>
/// <see cref="LowDoseSimulator"/> over every axial (z) plane of a CT volume. Each plane is simulated with its own
/// generator seeded from (seed, plane index), so the result does not depend on the order or batching of planes.
/// Planes must have square pixels (x and y spacing equal); the output keeps the input's shape, affine and spacing.
/// </summary>
public static class LowDoseVolume
{
    public static LowDoseVolumePair Simulate(Volume volume, LowDoseOptions options, long seed, IProgress<(int Done, int Total)>? progress = null)
    {
        options.Validate();
        if (volume.Shape.Length == 4) volume = volume.Frame(0);
        if (!Datasets.LooksLikeCt(volume))
            throw new UserException($"{volume.Source}: does not look like CT in HU (no air ≤ −900 together with bone ≥ 300); low-dose simulation needs Hounsfield units");
        int nx = volume.SizeX, ny = volume.SizeY, nz = volume.SizeZ;
        double sx = volume.Spacing[0], sy = volume.Spacing[1];
        if (Math.Abs(sx - sy) > 1e-3 * Math.Max(sx, sy))
            throw new UserException($"{volume.Source}: pixels are {sx:0.###} × {sy:0.###} mm; the projector needs square pixels in the axial plane (resample first)");

        var full = new float[volume.VoxelsPerFrame];
        var low = new float[volume.VoxelsPerFrame];
        int plane = nx * ny;
        for (int z = 0; z < nz; z++)
        {
            using var scope = NewDisposeScope();
            using var random = new Generator((ulong)StableSeed.Mix(seed, z));
            // Plane z as rows = y, columns = x (x fastest, as stored); orientation does not matter to the physics.
            var hu = tensor(volume.Voxels.AsSpan(z * plane, plane).ToArray()).view(1, 1, ny, nx);
            using var pair = LowDoseSimulator.Simulate(hu, sx, options, random);
            pair.FullDose.reshape(-1).data<float>().CopyTo(full.AsSpan(z * plane, plane));
            pair.LowDose.reshape(-1).data<float>().CopyTo(low.AsSpan(z * plane, plane));
            progress?.Report((z + 1, nz));
        }

        double sum = 0, sumSquares = 0;
        int count = 0;
        for (int i = 0; i < full.Length; i++)
        {
            if (full[i] < 0 || full[i] > 80) continue;
            double d = low[i] - full[i];
            sum += d;
            sumSquares += d * d;
            count++;
        }
        double sd = count > 1 ? Math.Sqrt(Math.Max(0, (sumSquares - sum * sum / count) / (count - 1))) : double.NaN;
        return new LowDoseVolumePair(volume.WithVoxels(full, IntensityKind.Hounsfield), volume.WithVoxels(low, IntensityKind.Hounsfield), sd, count);
    }
}
