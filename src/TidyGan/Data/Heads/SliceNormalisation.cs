
namespace TidyGan.Data;

/// <summary>
/// How one domain's slices are brought to [−1, 1]. MR units are arbitrary and drift (bias field, scanner gain),
/// so MR is normalised per slice: the 0.5th…99.5th percentile of the slice's head pixels → −1…1. CT is in
/// Hounsfield units, so it gets one fixed window for every slice: −200…300 HU (fat −100, brain 20–40,
/// blood 60–80 HU spread over most of the range; bone saturates at +1). Outside the head is always −1.
/// </summary>
public sealed record SliceNormalisation(bool Hounsfield, double LowHu = -200, double HighHu = 300, double LowerPercentile = 0.5, double UpperPercentile = 99.5)
{
    public static SliceNormalisation Mr { get; } = new(false);
    public static SliceNormalisation Ct { get; } = new(true);

    /// <summary>Normalises <paramref name="pixels"/> in place; <paramref name="head"/> marks the head pixels (the rest becomes −1).</summary>
    public void Apply(float[] pixels, bool[] head)
    {
        double low, high;
        if (Hounsfield) (low, high) = (LowHu, HighHu);
        else
        {
            var inside = pixels.Where((_, i) => head[i]).ToArray();
            if (inside.Length == 0) { Array.Fill(pixels, -1f); return; }
            Array.Sort(inside);
            low = VoxelStatistics.PercentileOfSorted(inside, LowerPercentile);
            high = VoxelStatistics.PercentileOfSorted(inside, UpperPercentile);
            if (!(high > low)) high = low + 1;
        }
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = head[i] ? (float)Math.Clamp(2 * (pixels[i] - low) / (high - low) - 1, -1, 1) : -1f;
    }
}
