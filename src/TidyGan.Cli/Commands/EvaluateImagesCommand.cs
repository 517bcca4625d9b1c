using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.IO;
using TidyGan.Metrics.ImageMetrics;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan evaluate-images`: paired image-to-image metrics between a predicted and a target NIfTI volume on
/// the same voxel grid. Intensities: MAE, RMSE, PSNR and SSIM in the files' physical units (HU for CT)
/// inside an optional mask. Label maps (--labels): Dice and 95% Hausdorff distance (mm) per label.
/// A separate verb from `evaluate`, which compares two *sets* of images in a feature space.
/// </summary>
public sealed class EvaluateImagesCommand : Command<EvaluateImagesCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--pred <FILE>")]
        [Description("Predicted (e.g. synthetic) volume, NIfTI")]
        public string? Pred { get; init; }

        [CommandOption("--target <FILE>")]
        [Description("Reference volume, NIfTI, on the same grid (dimensions, spacing, affine)")]
        public string? Target { get; init; }

        [CommandOption("--mask <FILE>")]
        [Description("Optional NIfTI mask on the same grid: intensity metrics use its non-zero voxels only")]
        public string? Mask { get; init; }

        [CommandOption("--labels")]
        [Description("Treat both volumes as label maps: Dice and HD95 (mm) per label ≠ 0")]
        public bool Labels { get; init; }

        [CommandOption("--data-range <L>")]
        [Description("Range L for PSNR and SSIM (default: target max − min inside the mask; e.g. 4095 for CT −1024…3071 to compare across papers)")]
        public double? DataRange { get; init; }

        [CommandOption("--json <FILE>")]
        public string? Json { get; init; }

        public override ValidationResult Validate()
        {
            if (Pred is null || Target is null) return ValidationResult.Error("--pred FILE and --target FILE are required");
            if (Labels && Mask is not null) return ValidationResult.Error("--mask applies to intensity metrics; Dice and HD95 (--labels) use the whole label maps");
            if (Labels && DataRange is not null) return ValidationResult.Error("--data-range applies to intensity metrics, not to --labels");
            if (DataRange is { } l && !(l > 0 && double.IsFinite(l))) return ValidationResult.Error($"--data-range must be positive (got {l})");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string predPath = settings.Pred!, targetPath = settings.Target!;
        var target = PairedVolumes.Load(targetPath, "--target");
        var pred = PairedVolumes.Load(predPath, "--pred");
        PairedVolumes.CheckSameGrid(target, targetPath, pred, predPath, "--pred");
        var json = new JsonObject
        {
            ["tidygan"] = JsonReport.ToolVersion,
            ["pred"] = predPath,
            ["target"] = targetPath,
            ["shape"] = new JsonArray(target.Shape.Take(3).Select(s => (JsonNode)s).ToArray()),
            ["spacing_mm"] = new JsonArray(target.Spacing.Take(3).Select(s => (JsonNode)s).ToArray()),
        };
        if (settings.Labels) Labels(target, targetPath, pred, predPath, json);
        else Intensities(target, pred, settings, json);
        if (settings.Json is { } path)
        {
            JsonReport.Write(path, json);
            AnsiConsole.MarkupLineInterpolated($"json: {path}");
        }
        return 0;
    }

    private static void Intensities(Volume target, Volume pred, Settings settings, JsonObject json)
    {
        Volume? mask = null;
        if (settings.Mask is { } maskPath)
        {
            mask = PairedVolumes.Load(maskPath, "--mask");
            PairedVolumes.CheckSameGrid(target, settings.Target!, mask, maskPath, "--mask");
            PairedVolumes.CheckMask(mask, maskPath);
        }
        string units = Datasets.LooksLikeCt(target) ? "HU" : "the files' units";
        var result = AnsiConsole.Status().Start("MAE, RMSE, PSNR, SSIM…", _ => VolumeMetrics.Intensity(target, pred, mask, settings.DataRange));

        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"pred: {settings.Pred}  |  target: {settings.Target}{(settings.Mask is null ? "" : $"  |  mask: {settings.Mask}")}"))
            .AddColumns("metric", "value", "units");
        table.AddRow("MAE", F(result.Mae), units);
        table.AddRow("RMSE", F(result.Rmse), units);
        table.AddRow("PSNR", double.IsPositiveInfinity(result.Psnr) ? "inf (identical)" : F(result.Psnr), Markup.Escape($"dB, L = {F(result.DataRange)}"));
        table.AddRow("SSIM", F(result.Ssim), Markup.Escape($"2-D per axial slice, σ 1.5, L = {F(result.DataRange)}"));
        table.AddRow("voxels", result.Voxels.ToString(CultureInfo.InvariantCulture), settings.Mask is null ? "all" : "inside the mask");
        AnsiConsole.Write(table);

        json["mode"] = "intensity";
        json["mask"] = settings.Mask;
        json["units"] = units;
        json["metrics"] = new JsonObject
        {
            ["mae"] = result.Mae, ["rmse"] = result.Rmse,
            ["psnr_db"] = double.IsPositiveInfinity(result.Psnr) ? null : result.Psnr,        // JSON has no infinity: null = identical images
            ["ssim"] = double.IsNaN(result.Ssim) ? null : result.Ssim,
            ["data_range"] = result.DataRange, ["voxels"] = result.Voxels, ["ssim_pixels"] = result.SsimPixels,
        };
    }

    private static void Labels(Volume target, string targetPath, Volume pred, string predPath, JsonObject json)
    {
        PairedVolumes.CheckLabels(target, targetPath, "--target");
        PairedVolumes.CheckLabels(pred, predPath, "--pred");
        var rows = AnsiConsole.Status().Start("Dice and HD95 per label…", status =>
        {
            var dice = VolumeMetrics.DicePerLabel(target, pred);
            if (dice.Count == 0) throw new ArgumentException($"--labels: neither '{targetPath}' nor '{predPath}' holds a label other than 0.");
            return dice.OrderBy(p => p.Key).Select(p =>
            {
                status.Status($"HD95 of label {p.Key}…");
                return (Label: p.Key, Dice: p.Value, Hd95: VolumeMetrics.HausdorffPercentile95(target, pred, p.Key),
                        Target: Count(target, p.Key), Pred: Count(pred, p.Key));
            }).ToList();
        });

        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"pred: {predPath}  |  target: {targetPath}"))
            .AddColumns("label", "Dice", "HD95 (mm)", "voxels target", "voxels pred");
        foreach (var r in rows)
            table.AddRow(r.Label.ToString(CultureInfo.InvariantCulture), F(r.Dice), double.IsNaN(r.Hd95) ? "— (missing in one)" : F(r.Hd95),
                r.Target.ToString(CultureInfo.InvariantCulture), r.Pred.ToString(CultureInfo.InvariantCulture));
        double meanDice = rows.Average(r => r.Dice);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"mean Dice over {rows.Count} labels: {F(meanDice)}");

        json["mode"] = "labels";
        json["mean_dice"] = meanDice;
        json["labels"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["label"] = r.Label, ["dice"] = r.Dice, ["hd95_mm"] = double.IsNaN(r.Hd95) ? null : r.Hd95,
            ["voxels_target"] = r.Target, ["voxels_pred"] = r.Pred,
        }).ToArray());
    }

    private static long Count(Volume v, int label) => v.Voxels.LongCount(x => (int)MathF.Round(x) == label);

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
