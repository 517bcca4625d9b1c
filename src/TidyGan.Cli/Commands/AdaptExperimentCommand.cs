using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.IO;
using TidyGan.Nn.Segmentation;
using TidyGan.Reports;
using TidyGan.Segmentation;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

public sealed class AdaptExperimentSettings : CommandSettings
{
    [CommandOption("--targets <LIST>")]
    [Description("Target domains, comma-separated: sim-mr, ct-head (default both)")]
    public string Targets { get; init; } = "sim-mr,ct-head";

    [CommandOption("--seeds <LIST>")]
    [Description("Training seeds, comma-separated (default 1,2,3)")]
    public string Seeds { get; init; } = "1,2,3";

    [CommandOption("--steps <N>")]
    [Description("Training steps of every arm (default 600)")]
    public long Steps { get; init; } = 600;

    [CommandOption("--mode <MODE>")]
    [Description("alternating (default) or grl")]
    public string Mode { get; init; } = "alternating";

    [CommandOption("--objective <LOSS>")]
    [Description("flipped (default: segmenter minimises D's cross-entropy with swapped domain labels) or minimax (the paper's −α·L_D; required by --mode grl)")]
    public string? Objective { get; init; }

    [CommandOption("--disc-layers <LIST>")]
    [Description("Discriminator inputs (default: all U-Net layers)")]
    public string? DiscLayers { get; init; }

    [CommandOption("--alpha <A>")]
    [Description("Final adversarial weight α (default 0.1)")]
    public double Alpha { get; init; } = 0.1;

    [CommandOption("--out <DIR>")]
    [Description("Experiment folder: seed-S/<arm> runs, results.json, results.md, figures/ (finished runs are reused)")]
    public string? Out { get; init; }

    public override ValidationResult Validate()
    {
        if (Out is null) return ValidationResult.Error("--out DIR is required");
        foreach (var t in TargetList) if (t is not (HeadDomains.SimulatedMr or HeadDomains.Ct)) return ValidationResult.Error($"--targets: '{t}' is not one of sim-mr, ct-head");
        if (TargetList.Length == 0) return ValidationResult.Error("--targets lists no target");
        if (Seeds.Split(',').Any(s => !int.TryParse(s, out _))) return ValidationResult.Error($"--seeds '{Seeds}' is not a comma-separated list of integers");
        if (Mode is not ("alternating" or "grl")) return ValidationResult.Error($"--mode '{Mode}' is not one of alternating, grl");
        if (Objective is not (null or "flipped" or "minimax")) return ValidationResult.Error($"--objective '{Objective}' is not one of flipped, minimax");
        if (Steps < 10) return ValidationResult.Error($"--steps must be at least 10 (got {Steps})");
        return ValidationResult.Success();
    }

    public string[] TargetList => Targets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    public int[] SeedList => Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
}

/// <summary>`tidygan adapt-experiment`: every arm for every seed and target, the table, the gap closed and the figures.</summary>
public sealed class AdaptExperimentCommand : Command<AdaptExperimentSettings>
{
    public override int Execute(CommandContext context, AdaptExperimentSettings s, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(s.Out!);
        Directory.CreateDirectory(folder);
        var model = UNet2dOptions.Cpu;
        var adaptation = new AdaptationOptions(
            s.DiscLayers is null ? model.LayerNames : s.DiscLayers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            s.Alpha, s.Steps / 6, s.Steps * 2 / 3, s.Mode == "grl" ? AdversarialUpdate.GradientReversal : AdversarialUpdate.Alternating,
            Objective: (s.Objective ?? (s.Mode == "grl" ? "minimax" : "flipped")) == "minimax" ? SegmenterObjective.Minimax : SegmenterObjective.Flipped);
        adaptation.Validate();
        var trainer = SegmentationTraining.Cpu with { Steps = s.Steps, CheckpointEvery = (int)s.Steps };
        var domains = new HeadDomains();
        AnsiConsole.MarkupLineInterpolated($"Arms: source-only, adapted ({adaptation.Update}, {adaptation.Objective}, α {adaptation.Alpha} ramped over steps {adaptation.RampStart}→{adaptation.RampEnd}, D reads {string.Join(",", adaptation.Layers)}), supervised-on-target (sim-mr); {s.Steps} steps each");

        var scores = new List<ArmScore>();
        var clock = Stopwatch.StartNew();
        foreach (var seed in s.SeedList)
        {
            var seedClock = Stopwatch.StartNew();
            AnsiConsole.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    scores.AddRange(AdaptationExperiment.Run(s.TargetList, seed, trainer, adaptation, model, domains, folder, (name, p) =>
                    {
                        if (!tasks.TryGetValue(name, out var task)) tasks[name] = task = ctx.AddTask($"seed {seed} {name}", maxValue: p.TotalSteps);
                        task.Value = p.Step;
                    }, cancellationToken));
                });
            AnsiConsole.MarkupLineInterpolated($"seed {seed}: {seedClock.Elapsed.TotalMinutes:F1} min (all arms, both targets, including data loading and scoring)");
            WriteResults(folder, scores);
        }
        AnsiConsole.MarkupLineInterpolated($"all seeds: {clock.Elapsed.TotalMinutes:F1} min");
        AnsiConsole.Write(new Markup(Markup.Escape(AdaptationTable.Markdown(scores))));
        WriteFigures(folder, s.SeedList[0], s.TargetList, domains);
        AnsiConsole.MarkupLineInterpolated($"Results: {Path.Combine(folder, "results.md")}, figures: {Path.Combine(folder, "figures")}");
        return 0;
    }

    private static void WriteResults(string folder, IReadOnlyList<ArmScore> scores)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, "results.md"), AdaptationTable.Markdown(scores));
        JsonReport.Write(Path.Combine(folder, "results.json"), AdaptationTable.Json(scores));
    }

    /// <summary>For the first seed: predictions of each arm on target test slices, the PCA of bottleneck features, the CT mask montage.</summary>
    private static void WriteFigures(string folder, int seed, IReadOnlyList<string> targets, HeadDomains domains)
    {
        var figures = Path.Combine(folder, "figures");
        Directory.CreateDirectory(figures);
        string Run(string name) => Path.Combine(folder, $"seed-{seed}", name);
        using var sourceOnly = SegmentationModel.Load(Run("source-only"));
        using var sourceTest = domains.Load(HeadDomains.Source, SegmentationSplit.Test);
        foreach (var target in targets)
        {
            using var adapted = SegmentationModel.Load(Run($"adapted-{target}"));
            using var test = domains.Load(target, SegmentationSplit.Test);
            var predictions = new List<TorchSharp.torch.Tensor> { sourceOnly.Predict(test.Images), adapted.Predict(test.Images) };
            if (target == HeadDomains.SimulatedMr)
                using (var supervised = SegmentationModel.Load(Run($"supervised-{target}"))) predictions.Add(supervised.Predict(test.Images));
            AdaptationFigures.PredictionGrid(Path.Combine(figures, $"predictions-{target}.png"), test.Images, test.Labels!, predictions, test.SliceIndices);
            foreach (var p in predictions) p.Dispose();

            using var beforeSource = sourceOnly.PooledFeatures(sourceTest.Images, "bottleneck");
            using var beforeTarget = sourceOnly.PooledFeatures(test.Images, "bottleneck");
            using var afterSource = adapted.PooledFeatures(sourceTest.Images, "bottleneck");
            using var afterTarget = adapted.PooledFeatures(test.Images, "bottleneck");
            AdaptationFigures.FeaturePca(Path.Combine(figures, $"pca-{target}.png"),
                [("source-only segmenter", beforeSource, beforeTarget), ("adapted segmenter", afterSource, afterTarget)],
                "mr-head (T1) test slices", $"{target} test slices");
        }
        if (targets.Contains(HeadDomains.Ct))
        {
            var (ct, labels, testSlices) = domains.CtReference();
            var picks = Enumerable.Range(0, 8).Select(i => testSlices[i * testSlices.Length / 8]).ToArray();
            AdaptationFigures.CtMaskMontage(Path.Combine(figures, "ct-reference-mask.png"), ct, labels, picks);
        }
    }
}
