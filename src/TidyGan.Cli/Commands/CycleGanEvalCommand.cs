using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Metrics;
using TidyGan.Metrics.Features;
using TidyGan.Reports;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan cyclegan-eval`: the numbers and figures of docs/mr-to-ct.md for an MR → CT checkpoint.</summary>
public sealed class CycleGanEvalCommand : Command<CycleGanEvalCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoint <DIR>")]
        [Description("An MR → CT Cycle-GAN run folder (its latest checkpoint) or one checkpoint folder")]
        public string? Checkpoint { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Folder for metrics.json, metrics.md, synthetic_ct.nii.gz and the figures")]
        public string? Out { get; init; }

        [CommandOption("--features <NAME>")]
        [Description("Feature extractor for FD/KID (default resnet18-imagenet)")]
        public string Features { get; init; } = "resnet18-imagenet";

        [CommandOption("--max-depth <MM>")]
        [Description("Measure only at most this far below each head's vertex (default: the checkpoint's training range; 0 = the whole head)")]
        public double? MaxDepth { get; init; }

        [CommandOption("--device <D>")]
        public string Device { get; init; } = "cpu";

        public override ValidationResult Validate() =>
            Checkpoint is null ? ValidationResult.Error("--checkpoint DIR is required")
            : Out is null ? ValidationResult.Error("--out DIR is required")
            : MaxDepth < 0 ? ValidationResult.Error($"--max-depth must be 0 (whole head) or positive (got {MaxDepth})") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var model = CheckpointLoader.Load<CycleGan>(settings.Checkpoint!, Devices.Parse(settings.Device));
        using var features = FeatureExtractors.Create(settings.Features);
        var result = AnsiConsole.Status().Start("Evaluating…", ctx => SyntheticCtEvaluation.Run(model, features, s => ctx.Status(s),
            settings.MaxDepth is double d ? (d > 0 ? d : null) : model.Gan.Config.MaxDepthMm));
        var (report, translation, baseline, rows) = result;
        using var _ = translation;
        using var __ = rows;
        var folder = settings.Out!;
        Directory.CreateDirectory(folder);

        var sctPath = Path.Combine(folder, "synthetic_ct.nii.gz");
        NiftiWriter.Write(sctPath, translation.Output, NiftiDataType.Int16, "TidyGan cyclegan mr2ct");
        var mr = NiftiReader.Read(Datasets.Ch2Path);
        TranslationMontage.Save(mr, translation.Output, translation.SliceIndices, Path.Combine(folder, "montage.png"));
        TranslationMontage.Save(mr, baseline, translation.SliceIndices, Path.Combine(folder, "montage_linear_baseline.png"));
        ImageGrid.Save(rows, Path.Combine(folder, "slices.png"), 6, upscale: 3);

        var (_, threshold, _) = VolumeTranslator.Preparation(mr, model.Gan.Config.DomainA);
        var mrHead = SyntheticCtEvaluation.WithinDepth(mr, HeadMask.Compute(mr, threshold), report.MaxDepthMm);
        var ct = InVesaliusReader.Read(Datasets.CraniumPath);
        var ctHead = SyntheticCtEvaluation.WithinDepth(ct, HeadMask.Compute(ct, Datasets.CtHeadThresholdHu), report.MaxDepthMm);
        HuHistogramPlot.Save(
        [
            ("real CT (Cranium)", ct.Voxels.Where((_, i) => ctHead[i]).ToArray()),
            ($"synthetic CT (step {report.Step})", translation.Output.Voxels.Where((_, i) => mrHead[i]).ToArray()),
            ("MR linearly mapped to HU", baseline.Voxels.Where((_, i) => mrHead[i]).ToArray()),
        ], Path.Combine(folder, "hu_histogram.png"), "HU inside the head");

        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(report, Checkpoint.Json));
        var markdown = Markdown(report);
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.md"), markdown);
        AnsiConsole.WriteLine(markdown);
        AnsiConsole.MarkupLineInterpolated($"written to {folder}: metrics.json, metrics.md, synthetic_ct.nii.gz, montage.png, slices.png, hu_histogram.png");
        RunCards.Report(() => RunCards.AddMetrics(settings.Checkpoint!, CardSection(report, folder)));
        return 0;
    }

    /// <summary>The model card's "cyclegan-eval" section: the same numbers as metrics.md, each with its n and unit.</summary>
    private static CardMetrics CardSection(SyntheticCtReport r, string folder)
    {
        var values = new List<CardMetric>();
        void Distribution(string suffix, DistributionScore d, string what)
        {
            values.Add(new CardMetric($"fd{suffix}", d.FrechetDistance, N: d.N, NReal: d.N, Extractor: r.FeatureExtractor, Note: what));
            // With n no larger than KID's subset size every subset is the whole set: no spread, so no interval.
            bool spread = d.KidStandardError > 0;
            values.Add(new CardMetric($"kid{suffix}", d.Kid, spread ? d.Kid - 1.96 * d.KidStandardError : null, spread ? d.Kid + 1.96 * d.KidStandardError : null,
                d.N, d.N, r.FeatureExtractor, Note: spread ? what + "; interval mean ± 1.96 SE over KID's subsets" : what));
        }
        Distribution("", r.SyntheticVsReal, "synthetic CT slices vs the real CT's even slices");
        Distribution("_real_floor", r.RealVsRealFloor, "real CT odd vs even slices: the floor at this n");
        Distribution("_linear_baseline", r.LinearBaselineVsReal, "MR linearly mapped to HU vs the real CT's even slices");
        values.Add(new CardMetric("hu_w1_synthetic", r.SyntheticCt.Wasserstein1Hu, N: (int)Math.Min(int.MaxValue, r.SyntheticCt.Voxels), Unit: "HU",
            Note: "Wasserstein-1 between HU histograms inside the head, synthetic vs real CT (n = voxels)"));
        values.Add(new CardMetric("hu_w1_linear_baseline", r.LinearBaseline.Wasserstein1Hu, N: (int)Math.Min(int.MaxValue, r.LinearBaseline.Voxels), Unit: "HU"));
        values.Add(new CardMetric("cycle_mae_head_hu", r.CycleMaeHuHead, N: r.CycleSlices, Unit: "HU", Note: "CT → MR → CT inside the head (n = slices)"));
        values.Add(new CardMetric("cycle_mae_image_hu", r.CycleMaeHuImage, N: r.CycleSlices, Unit: "HU"));
        values.Add(new CardMetric("head_mask_dice", r.HeadMaskDice, Unit: "Dice", Note: "head mask of the MR vs of its synthetic CT"));
        values.Add(new CardMetric("skull_shell_bone_fraction", r.SyntheticSkull.ShellBoneFraction, N: (int)Math.Min(int.MaxValue, r.SyntheticSkull.ShellVoxels), Unit: "fraction"));
        values.Add(new CardMetric("skull_shell_bone_fraction_linear_baseline", r.LinearBaselineSkull.ShellBoneFraction, N: (int)Math.Min(int.MaxValue, r.LinearBaselineSkull.ShellVoxels), Unit: "fraction"));
        values.Add(new CardMetric("brain_bone_fraction", r.SyntheticSkull.BrainBoneFraction, N: (int)Math.Min(int.MaxValue, r.SyntheticSkull.BrainVoxels), Unit: "fraction"));
        return new CardMetrics("cyclegan-eval", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), r.Step, r.Checkpoint,
            "Colin27 MR (mr-head) translated to CT, against the Cranium CT (ct-head)",
            values, [$"measured {(r.MaxDepthMm is double depth ? $"within {depth} mm of each head's vertex" : "over the whole head")}; figures and metrics.md in {Path.GetFullPath(folder)}"]);
    }

    private static string Markdown(SyntheticCtReport r)
    {
        var c = CultureInfo.InvariantCulture;
        string P(double v) => (100 * v).ToString("0.0", c) + " %";
        string F(double v, string f = "0.0") => v.ToString(f, c);
        var s = new StringBuilder();
        s.AppendLine(c, $"Checkpoint {r.Checkpoint} (step {r.Step}); features {r.FeatureExtractor}; measured {(r.MaxDepthMm is double depth ? $"within {depth} mm of each head's vertex" : "over the whole head")}");
        s.AppendLine();
        s.AppendLine("| HU inside the head | W1 to real CT (HU) | air < −200 | fat −200…−30 | soft −30…300 | bone ≥ 300 | voxels |");
        s.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, h) in new[] { ("real CT (Cranium)", r.RealCt), ("synthetic CT", r.SyntheticCt), ("MR linearly mapped to HU", r.LinearBaseline) })
            s.AppendLine(c, $"| {name} | {(name.StartsWith("real") ? "0" : F(h.Wasserstein1Hu))} | {P(h.Fractions.Air)} | {P(h.Fractions.Fat)} | {P(h.Fractions.SoftTissue)} | {P(h.Fractions.Bone)} | {h.Voxels:N0} |");
        s.AppendLine();
        s.AppendLine(c, $"Linear baseline: {r.LinearBaselineMapping}.");
        s.AppendLine();
        s.AppendLine("| slices vs real CT (even slices) | n | FD | KID (± s.e.) |");
        s.AppendLine("|---|---|---|---|");
        foreach (var (name, d) in new[] { ("real CT, odd slices (floor)", r.RealVsRealFloor), ("synthetic CT", r.SyntheticVsReal), ("MR linearly mapped to HU", r.LinearBaselineVsReal) })
            s.AppendLine(c, $"| {name} | {d.N} | {F(d.FrechetDistance, "0.0")} | {F(d.Kid, "0.0000")} ± {F(d.KidStandardError, "0.0000")} |");
        s.AppendLine();
        s.AppendLine("| consistency and geometry | value |");
        s.AppendLine("|---|---|");
        s.AppendLine(c, $"| cycle MAE CT → MR → CT, inside the head ({r.CycleSlices} slices) | {F(r.CycleMaeHuHead)} HU |");
        s.AppendLine(c, $"| cycle MAE CT → MR → CT, whole slice | {F(r.CycleMaeHuImage)} HU |");
        s.AppendLine(c, $"| Dice, head mask of the MR vs of its synthetic CT | {F(r.HeadMaskDice, "0.000")} |");
        s.AppendLine(c, $"| bone (≥ 300 HU) in the skull shell (≤ {F(r.SyntheticSkull.ShellMm, "0")} mm outside the brain, upper half; {r.SyntheticSkull.ShellVoxels:N0} voxels): synthetic CT / linear baseline | {P(r.SyntheticSkull.ShellBoneFraction)} / {P(r.LinearBaselineSkull.ShellBoneFraction)} |");
        s.AppendLine(c, $"| bone inside the brain mask ({r.SyntheticSkull.BrainVoxels:N0} voxels): synthetic CT / linear baseline | {P(r.SyntheticSkull.BrainBoneFraction)} / {P(r.LinearBaselineSkull.BrainBoneFraction)} |");
        return s.ToString();
    }
}
