namespace TidyGan.Data;

/// <summary>
/// One MR volume's intensity mapping, head threshold, background and head mask, as training (<see cref="Datasets"/>),
/// translate and evaluate all prepare it. The head threshold is always 10% of the whole volume's 0.5–99.5th-percentile
/// range above its 0.5th percentile (so every <see cref="MrIntensity"/> sees the same head mask); the mapping is then fitted
/// per <see cref="MrIntensity"/>, and the background (outside the mask) is the mapping's lower end, which maps to −1.
/// </summary>
public static class MrPreparation
{
    public static (IIntensityMapping Intensity, float HeadThreshold, float Background, bool[] Mask) Prepare(Volume volume, MrIntensity kind)
    {
        var whole = PercentileScaling.Fit(volume.Voxels);
        float threshold = (float)(whole.Lower + 0.1 * (whole.Upper - whole.Lower));
        var mask = HeadMask.Compute(volume, threshold);
        LinearWindow intensity = kind switch
        {
            MrIntensity.PercentileVolume => whole,
            MrIntensity.Percentile => PercentileScaling.Fit(Inside(volume.Voxels, mask)),
            MrIntensity.ZScore => ZScoreScaling.Fit(volume.Voxels, mask),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return (intensity, threshold, (float)intensity.Lower, mask);
    }

    /// <summary>The voxels where <paramref name="mask"/> is set (all voxels when the mask is empty, so a fit never fails on it).</summary>
    public static float[] Inside(float[] values, bool[] mask)
    {
        var inside = new List<float>(values.Length / 4);
        for (int i = 0; i < values.Length; i++) if (mask[i]) inside.Add(values[i]);
        return inside.Count > 0 ? [.. inside] : values;
    }
}
