using System.Text.Json;
using TidyGan.IO;

namespace TidyGan.Data.CtPhysics;

/// <summary>One simulated volume of a <see cref="LowDoseManifest"/>: its input, outputs and measured noise.</summary>
public sealed record LowDoseVolumeEntry(string Name, string Input, string InputSha256, int[] Shape, double[] SpacingMm,
    string FullDose, string LowDose, double NoiseSdHu, int SoftTissueVoxels, double Seconds);

/// <summary>
/// manifest.json of `tidygan lowdose simulate`: the resolved settings and geometry, the seed, each input's SHA-256,
/// the files written and the noise each volume got, so a pair set can be traced and regenerated.
/// </summary>
public sealed record LowDoseManifest(string Data, LowDoseOptions Options, string Geometry, long Seed,
    IReadOnlyList<LowDoseVolumeEntry> Volumes, double Seconds)
{
    public const string FileName = "manifest.json";

    public string Format { get; init; } = "tidygan-lowdose/1";
    public string Physics { get; init; } =
        "HU → μ = μ_water(1 + HU/1000); p = ray-driven line integrals; N ~ Poisson(d·I0·exp(−p)) + Normal(0, σ_e²), " +
        "clamped to the count floor; p̂ = −ln(N/(d·I0)); FBP; μ → HU. Full dose: noiseless p through the same FBP unless NoisyFullDose.";
    public string NoiseRegion { get; init; } = "sd of (low − full) over voxels whose full-dose value is 0–80 HU (soft tissue)";
    public string ToolVersion { get; init; } = JsonReport.ToolVersion;
    public string CreatedUtc { get; init; } = DateTime.UtcNow.ToString("O");

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
