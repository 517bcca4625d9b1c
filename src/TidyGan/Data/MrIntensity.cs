namespace TidyGan.Data;

/// <summary>
/// How an MR volume (arbitrary scanner units) is mapped to the network's [−1, 1], per volume. The head mask used by
/// <see cref="Percentile"/> and <see cref="ZScore"/> is <see cref="MrPreparation"/>'s (threshold at 10% of the whole
/// volume's robust range, largest component, holes filled).
/// </summary>
public enum MrIntensity
{
    /// <summary><c>percentile-volume</c> (default, the original rule): the 0.5th/99.5th percentiles of the whole volume, air included.</summary>
    PercentileVolume = 0,

    /// <summary><c>percentile</c>: the 0.5th/99.5th percentiles of the voxels inside the head mask.</summary>
    Percentile,

    /// <summary><c>zscore</c>: mean ± <see cref="ZScoreScaling.DefaultClip"/> standard deviations of the voxels inside the head mask → [−1, 1], clamped.</summary>
    ZScore,
}

/// <summary>The command-line names of <see cref="MrIntensity"/>.</summary>
public static class MrIntensities
{
    public static IReadOnlyList<string> Names { get; } = ["percentile-volume", "percentile", "zscore"];

    public static string Name(this MrIntensity kind) => kind switch
    {
        MrIntensity.PercentileVolume => "percentile-volume",
        MrIntensity.Percentile => "percentile",
        MrIntensity.ZScore => "zscore",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a name (<see cref="Names"/>), or throws an ArgumentException that lists them.</summary>
    public static MrIntensity Parse(string name) => TryParse(name) ??
        throw new ArgumentException($"MR intensity mapping '{name}' is not one of {string.Join(", ", Names)}");

    public static MrIntensity? TryParse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "percentile-volume" => MrIntensity.PercentileVolume,
        "percentile" => MrIntensity.Percentile,
        "zscore" or "z-score" => MrIntensity.ZScore,
        _ => null,
    };
}
