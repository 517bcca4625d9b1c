namespace TidyGan.Data;

/// <summary>One row of <c>tidygan data list</c>: what a dataset name means and whether its files are here.</summary>
public sealed record DatasetInfo(
    string Name,
    string Description,
    string? Package,
    IReadOnlyList<string> Files,
    bool Installed,
    long SizeOnDisk,
    int? ImageCount);
