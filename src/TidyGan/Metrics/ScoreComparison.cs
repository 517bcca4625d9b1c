namespace TidyGan.Metrics;

/// <summary>Warnings for comparing two scores that are not comparable as they stand.</summary>
public static class ScoreComparison
{
    /// <summary>Human-readable warnings; empty when the two scores are comparable.</summary>
    public static IReadOnlyList<string> Warnings(MetricScore a, MetricScore b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var warnings = new List<string>();
        if (a.Name != b.Name)
            warnings.Add($"Different metrics: '{a.Name}' vs '{b.Name}'.");
        if (a.NReal != b.NReal || a.NFake != b.NFake)
            warnings.Add($"Different sample counts: {a.Name} used n real = {a.NReal}, n fake = {a.NFake}; {b.Name} used n real = {b.NReal}, n fake = {b.NFake}. " +
                         "Fréchet distances are biased by n and k-NN metrics depend on it: compare at equal n.");
        if (a.Extractor != b.Extractor || a.ExtractorVersion != b.ExtractorVersion)
            warnings.Add($"Different feature extractors: {a.Extractor} {a.ExtractorVersion} vs {b.Extractor} {b.ExtractorVersion}; " +
                         "scores in different feature spaces are not comparable.");
        return warnings;
    }
}
