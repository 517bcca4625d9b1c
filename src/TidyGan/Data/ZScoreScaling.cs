namespace TidyGan.Data;

/// <summary>
/// MR z-score: [Mean − Clip·SD, Mean + Clip·SD] → [−1, 1] linearly, clamped, so n = z / Clip inside the window and the
/// inverse (<see cref="LinearWindow.ToPhysical(float)"/>) gives back the original units exactly there. Mean and SD are
/// fitted on the voxels inside the head mask (<see cref="Fit"/>; population SD, as numpy's default).
/// </summary>
public sealed record ZScoreScaling(double Mean, double StandardDeviation, double Clip = ZScoreScaling.DefaultClip, string UnitName = "a.u.")
    : LinearWindow(Mean - Clip * StandardDeviation, Mean + Clip * StandardDeviation)
{
    /// <summary>±3 SD map to ±1.</summary>
    public const double DefaultClip = 3;

    public override string Unit => UnitName;

    /// <summary>Mean and SD (in double) of <paramref name="values"/> where <paramref name="mask"/> is set; degenerate data get SD 1.</summary>
    public static ZScoreScaling Fit(ReadOnlySpan<float> values, ReadOnlySpan<bool> mask, double clip = DefaultClip, string unit = "a.u.")
    {
        if (mask.Length != values.Length) throw new ArgumentException($"mask has {mask.Length} voxels, the volume {values.Length}");
        if (!(clip > 0)) throw new ArgumentOutOfRangeException(nameof(clip), "clip must be positive");
        long n = 0;
        double sum = 0;
        for (int i = 0; i < values.Length; i++) if (mask[i]) { sum += values[i]; n++; }
        if (n == 0) throw new ArgumentException("z-score: the head mask is empty");
        double mean = sum / n, squares = 0;
        for (int i = 0; i < values.Length; i++) if (mask[i]) { double d = values[i] - mean; squares += d * d; }
        double sd = Math.Sqrt(squares / n);
        return new ZScoreScaling(mean, sd > 0 ? sd : 1, clip, unit);
    }
}
