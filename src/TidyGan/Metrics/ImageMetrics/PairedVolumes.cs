using TidyGan.Data;

namespace TidyGan.Metrics.ImageMetrics;

/// <summary>
/// Loading and checking a prediction/target pair of NIfTI volumes (and an optional mask) before any metric
/// runs: a metric on volumes that do not share one voxel grid would compare different anatomy and still
/// print a plausible number. Every error names the files and the values that differ.
/// </summary>
public static class PairedVolumes
{
    /// <summary>Spacing may differ by this fraction (float32 pixdim round trips).</summary>
    public const double SpacingTolerance = 1e-4;

    /// <summary>Affine entries may differ by this many mm (or mm per voxel): qform/sform float32 rounding.</summary>
    public const double AffineTolerance = 1e-3;

    /// <summary>A single-frame volume from <paramref name="path"/>; <paramref name="role"/> (e.g. "--pred") names it in errors.</summary>
    public static Volume Load(string path, string role)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{role}: file '{path}' does not exist.", path);
        var volume = NiftiReader.Read(path);
        if (volume.Frames != 1)
            throw new ArgumentException($"{role}: '{path}' has {volume.Frames} frames (shape [{string.Join(", ", volume.Shape)}]); pass a 3-D volume.");
        return volume;
    }

    /// <summary>Throws unless <paramref name="other"/> has the target's shape, spacing and affine.</summary>
    public static void CheckSameGrid(Volume target, string targetPath, Volume other, string otherPath, string otherRole)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(other);
        if (!target.Shape.Take(3).SequenceEqual(other.Shape.Take(3)))
            throw new ArgumentException($"{otherRole} '{otherPath}' has dimensions [{string.Join(", ", other.Shape.Take(3))}] but the target " +
                                        $"'{targetPath}' has [{string.Join(", ", target.Shape.Take(3))}]: resample it onto the target's grid first.");
        for (int i = 0; i < 3; i++)
            if (Math.Abs(target.Spacing[i] - other.Spacing[i]) > SpacingTolerance * Math.Max(1, Math.Abs(target.Spacing[i])))
                throw new ArgumentException($"{otherRole} '{otherPath}' has voxel spacing [{Format(other.Spacing.Take(3))}] mm but the target " +
                                            $"'{targetPath}' has [{Format(target.Spacing.Take(3))}] mm: distances and Hausdorff values would be wrong.");
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                if (Math.Abs(target.Affine[r, c] - other.Affine[r, c]) > AffineTolerance * Math.Max(1, Math.Abs(target.Affine[r, c])))
                    throw new ArgumentException($"{otherRole} '{otherPath}' and the target '{targetPath}' have the same dimensions and spacing but " +
                                                $"different affines (row {r}, column {c}: {other.Affine[r, c]:G6} vs {target.Affine[r, c]:G6}): they are not " +
                                                "in the same place or orientation in the world. Resample or reorient one onto the other first.");
    }

    /// <summary>Throws unless every voxel is (within 1e-3) an integer: label maps only.</summary>
    public static void CheckLabels(Volume volume, string path, string role)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var v = volume.Voxels;
        for (int i = 0; i < v.Length; i++)
            if (!float.IsFinite(v[i]) || Math.Abs(v[i] - MathF.Round(v[i])) > 1e-3f)
                throw new ArgumentException($"{role}: '{path}' is not a label map: voxel {i} holds {v[i]} (labels must be integers). " +
                                            "Drop --labels to compare intensities.");
    }

    /// <summary>Throws when the mask selects no voxel.</summary>
    public static void CheckMask(Volume mask, string path)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (!mask.Voxels.Any(x => x != 0))
            throw new ArgumentException($"--mask: '{path}' is empty (no non-zero voxel of {mask.Voxels.Length}); nothing to compare inside it.");
    }

    private static string Format(IEnumerable<double> values) =>
        string.Join(", ", values.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
}
