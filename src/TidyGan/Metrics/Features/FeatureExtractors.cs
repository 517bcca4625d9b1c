namespace TidyGan.Metrics.Features;

/// <summary>Creates feature extractors from the names users type (CLI flags, configs).</summary>
public static class FeatureExtractors
{
    /// <summary>The accepted specs, for help texts and errors.</summary>
    public static IReadOnlyList<string> ValidSpecs { get; } =
        [PixelFeatures.ExtractorName, ResNet18ImageNetFeatures.ExtractorName, "domain:PATH"];

    /// <summary>"pixels", "resnet18-imagenet" or "domain:PATH" (a folder written by <see cref="DomainFeatures.Train"/>).</summary>
    public static IFeatureExtractor Create(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var trimmed = spec.Trim();
        if (trimmed == PixelFeatures.ExtractorName) return new PixelFeatures();
        if (trimmed == ResNet18ImageNetFeatures.ExtractorName) return new ResNet18ImageNetFeatures();
        if (trimmed.StartsWith("domain:", StringComparison.Ordinal) && trimmed.Length > "domain:".Length)
            return DomainFeatures.Load(trimmed["domain:".Length..]);
        throw new ArgumentException($"Unknown feature extractor '{spec}'. Valid: {string.Join(", ", ValidSpecs)}.", nameof(spec));
    }

    /// <summary>The line to print beside every score, e.g. "resnet18-imagenet onnx-sha256:…/… (512-d)".</summary>
    public static string Describe(IFeatureExtractor extractor) =>
        extractor.Dimension > 0 ? $"{extractor.Name} {extractor.Version} ({extractor.Dimension}-d)" : $"{extractor.Name} {extractor.Version}";
}
