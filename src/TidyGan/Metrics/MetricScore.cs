namespace TidyGan.Metrics;

/// <summary>
/// One reported score with what it needs to be compared fairly: the sample counts (FD is biased by n) and
/// the feature extractor (scores from different extractors are different quantities). IntervalMethod says
/// how Low…High was obtained, because intervals from different methods mean different things.
/// </summary>
public sealed record MetricScore(string Name, double Value, double? Low, double? High, int NReal, int NFake,
                                 string Extractor, string ExtractorVersion, string? IntervalMethod = null);
