using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Gans;
using TidyGan.Nn.Segmentation;
using TidyGan.Segmentation;
using TidyGan.Data;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan segment train --data mr-head --out DIR`: a supervised 2-D U-Net (Dice + cross-entropy) through the one trainer.</summary>
public sealed class SegmentTrainCommand : Command<SegmentTrainSettings>
{
    public override int Execute(CommandContext context, SegmentTrainSettings settings, CancellationToken cancellationToken) =>
        SegmentRunner.Train(settings, target: null, adaptation: null, cancellationToken);
}

/// <summary>What `segment train` and `adapt` share: resolve config and trainer options (or read them from a checkpoint), train with a progress bar, score the test slabs.</summary>
internal static class SegmentRunner
{
    public static int Train(SegmentTrainSettings s, string? target, AdaptationOptions? adaptation, CancellationToken cancellationToken)
    {
        var resumed = s.Resume is { } resume ? TrainingFrontEnd.Resume(resume, s, "segment train", ModelKind.Segmentation) : null;
        SegmentationConfig config;
        TrainerOptions trainer;
        string folder;
        var split = s.SplitRule(s.Data, target);   // an error with --resume or built-in data
        if (resumed is not null) (config, trainer, folder) = ((SegmentationConfig)resumed.Model, resumed.Trainer, resumed.RunFolder);
        else
        {
            SegmentationCohort? labelled = null, targetCohort = null;
            int classes = HeadLabels.Count;
            if (SegmentTrainSettings.IsCohort(s.Data))
            {
                labelled = CohortLabelledSlices.Resolve(s.Data, s.Labels, labelsRequired: true, split);
                targetCohort = target is null ? null : CohortLabelledSlices.Resolve(target, s.Labels, labelsRequired: false, split);
                classes = CohortLabelledSlices.ClassCount(labelled);
            }
            var model = new UNet2dOptions(ImageSize: s.Size, Classes: classes, Width: s.Width, Depth: s.Depth);
            model.Validate();
            var data = HeadDomainOptions.Cpu with { Size = s.Size, SimulationSeed = s.SimulationSeed };
            config = new SegmentationConfig(model, data, s.Data, target, adaptation) { LabelledCohort = labelled, TargetCohort = targetCohort };
            config = config with { Adam = TrainingFrontEnd.Apply(config.Adam, s) };
            trainer = TrainingFrontEnd.Apply(SegmentationTraining.Cpu with { Seed = 0 }, s);
            folder = TrainingFrontEnd.NewRunFolder(s);
        }
        TrainingFrontEnd.ShowConfig(Config(config, trainer), resumed?.Checkpoint, DefaultsFrom);

        var domains = config.Domains();
        var result = TrainingFrontEnd.Run(config.Adaptation is null ? "segment" : "adapt", trainer.Steps, resumed?.Manifest.Step ?? 0,
            (progress, stop) => SegmentationTraining.Run(config, domains, trainer, folder, resumed?.Checkpoint, progress, stop), cancellationToken);
        int exit = TrainingFrontEnd.Finish(result);
        if (result.LastCheckpoint is not null) ShowScores(result.LastCheckpoint, domains, config);
        return exit;
    }

    /// <summary>Dice and HD95 per class on the test slabs (cohorts: test subjects) of the labelled domain and, for adaptation, of the target.</summary>
    private static void ShowScores(string checkpoint, ILabelledDomains domains, SegmentationConfig config)
    {
        using var model = SegmentationModel.Load(checkpoint);
        var table = new Table().Border(TableBorder.Rounded).Title(config.LabelledCohort is null ? "Test slabs" : "Test subjects");
        table.AddColumn("domain").AddColumn("train slices").AddColumn("test slices").AddColumn("class").AddColumn("Dice").AddColumn("HD95 (mm)");
        var notes = new List<string>();
        var values = new List<CardMetric>();
        foreach (var d in SegmentationEvaluation.TestScores(model, domains, config))
        {
            if (d.Note is not null) notes.Add($"{d.Domain}: {d.Note}");
            foreach (var score in d.Classes)
            {
                table.AddRow(Markup.Escape(d.Domain), $"{d.TrainSlices}", $"{d.TestSlices}", Markup.Escape(score.Name), $"{score.Dice:F3}", $"{score.Hd95Mm:F1}");
                values.Add(new CardMetric($"dice {d.Domain} {score.Name}", score.Dice, N: d.TestSlices, Unit: "Dice"));
                values.Add(new CardMetric($"hd95 {d.Domain} {score.Name}", score.Hd95Mm, N: d.TestSlices, Unit: "mm"));
            }
        }
        AnsiConsole.Write(table);
        foreach (var note in notes) AnsiConsole.MarkupLineInterpolated($"[yellow]{note}[/]");
        RunCards.Report(() => RunCards.AddMetrics(checkpoint, new CardMetrics("segment-test", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            Checkpoint.ReadManifest(checkpoint).Step, checkpoint, config.LabelledCohort is null ? "the held-out test slabs of each domain" : "the test subjects of each cohort", values,
            ["n = test slices; Dice and HD95 (mm) per class, computed at the end of training"])));
    }

    internal const string DefaultsFrom = "the Cpu preset";

    /// <summary>The configuration table (also rebuilt from a checkpoint for its model card).</summary>
    internal static List<ConfigEntry> Config(SegmentationConfig config, TrainerOptions trainer)
    {
        var rows = new List<ConfigEntry>
        {
            new("data.labelled", config.LabelledDomain, HeadDomains.Source), new("data.target", config.TargetDomain ?? "none", "—"),
        };
        foreach (var (role, cohort) in new[] { ("labelled", config.LabelledCohort), ("target", config.TargetCohort) })
            if (cohort is not null)
            {
                rows.Add(new($"data.{role}.labels", cohort.Labels ?? "none", "—"));
                rows.Add(new($"data.{role}.subjects", $"train {cohort.Subjects.Train.Count}, val {cohort.Subjects.Val.Count} (unused), test {cohort.Subjects.Test.Count}", "—"));
            }
        if (config.LabelledCohort is not null) rows.Add(new("data.classes", $"{config.Model.Classes} (max label + 1)", $"{HeadLabels.Count}"));
        rows.AddRange(ConfigDiff.Compare("model", config.Model, UNet2dOptions.Cpu));
        rows.AddRange(ConfigDiff.Compare("data", config.Data, HeadDomainOptions.Cpu));
        rows.AddRange(ConfigDiff.Compare("adam", config.Adam, new SegmentationConfig(config.Model, config.Data, config.LabelledDomain).Adam));
        if (config.Adaptation is { } a)
        {
            var defaults = new AdaptationOptions(config.Model.LayerNames);
            rows.Add(new("adapt.update", a.Update.ToString(), defaults.Update.ToString()));
            rows.Add(new("adapt.objective", a.Objective.ToString(), defaults.Objective.ToString()));
            rows.Add(new("adapt.layers", string.Join(",", a.Layers), string.Join(",", defaults.Layers)));
            rows.Add(new("adapt.alpha", $"{a.Alpha}", $"{defaults.Alpha}"));
            rows.Add(new("adapt.ramp", $"{a.RampStart}→{a.RampEnd}", $"{defaults.RampStart}→{defaults.RampEnd}"));
        }
        rows.AddRange(ConfigDiff.Compare("trainer", trainer, SegmentationTraining.Cpu));
        return rows;
    }
}
