using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TidyGan.IO;

namespace TidyGan.Experiments.LowDose;

/// <summary>results.json (every score, the options, the wall time) and table.md (mean ± sd over seeds, per dose and arm).</summary>
public static class LowDoseResults
{
    public const string JsonFile = "results.json", TableFile = "table.md";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(string folder, LowDoseExperimentOptions options, IReadOnlyList<LowDoseScore> scores, TimeSpan elapsed)
    {
        var root = new JsonObject
        {
            ["options"] = JsonSerializer.SerializeToNode(options, Json),
            ["wallSeconds"] = elapsed.TotalSeconds,
            ["machine"] = $"{Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            ["scores"] = JsonSerializer.SerializeToNode(scores, Json),
        };
        AtomicFile.WriteAllText(Path.Combine(folder, JsonFile), root.ToJsonString(Json));
        AtomicFile.WriteAllText(Path.Combine(folder, TableFile), Table(options, scores, elapsed));
    }

    public static string Table(LowDoseExperimentOptions options, IReadOnlyList<LowDoseScore> scores, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Low-dose CT experiment: {options.Steps} steps × batch {options.BatchSize} of {options.PatchSize}-px patches per arm, " +
                                                      $"seeds {string.Join(", ", options.Seeds)}, train slices {options.TrainSlices}, test slices {options.TestSlices}; wall time {elapsed.TotalMinutes:0.0} min.");
        text.AppendLine();
        text.AppendLine("Mean ± sd over seeds. PSNR/SSIM/MAE against the full-dose slices inside the head (range 4095 HU); noise = image − noiseless " +
                        "reconstruction; NPS distance: relative L1 from the full-dose spectrum; W1: soft-tissue HU distribution against full dose; " +
                        "lesions lost and structures invented: counts summed over the test slab (mean over seeds).");
        foreach (var dose in scores.Select(s => s.Dose).Distinct())
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"**Dose {dose}**");
            text.AppendLine();
            text.AppendLine("| arm | PSNR (dB) | SSIM | MAE (HU) | noise sd (HU) | NPS distance | NPS mean f (mm⁻¹) | soft-tissue W1 (HU) | lesion CNR | lesions lost | invented (largest mm²) | s / test slab | train s |");
            text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var arm in scores.Where(s => s.Dose == dose).Select(s => s.Arm).Distinct())
            {
                var rows = scores.Where(s => s.Dose == dose && s.Arm == arm).ToList();
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {LowDoseExperiment.Name(arm)} | {Format(rows, s => s.Psnr, "0.00")} | {Format(rows, s => s.Ssim, "0.000")} | {Format(rows, s => s.MaeHu, "0.0")} | " +
                    $"{Format(rows, s => s.NoiseSdHu, "0.0")} | {Format(rows, s => s.NpsDistance, "0.00")} | {Format(rows, s => s.NpsMeanFrequency, "0.000")} | " +
                    $"{Format(rows, s => s.SoftTissueW1Hu, "0.0")} | {Format(rows, s => s.LesionCnr, "0.00")} | {Format(rows, s => s.LesionsLost, "0.0")} of {rows[0].Lesions} | " +
                    $"{Format(rows, s => s.Hallucinations, "0.0")} ({Format(rows, s => s.LargestHallucinationMm2, "0")}) | {Format(rows, s => s.SecondsPerVolume, "0.00")} | {Format(rows, s => s.TrainSeconds, "0")} |");
            }
        }
        return text.ToString();
    }

    private static string Format(IEnumerable<LowDoseScore> rows, Func<LowDoseScore, double> value, string number) =>
        MeanSd.Of(rows.Select(value)).Format(number);
}
