using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Nn.Segmentation;
using TidyGan.Segmentation;
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
        SegmentationConfig config;
        TrainerOptions trainer;
        string folder;
        string? checkpoint = null;
        if (s.Resume is { } resume)
        {
            checkpoint = Checkpoint.Resolve(resume);
            var manifest = Checkpoint.ReadManifest(checkpoint);
            using (var previous = SegmentationModel.Load(checkpoint)) config = previous.Config;
            trainer = manifest.Trainer with { Steps = s.Steps ?? manifest.Trainer.Steps, Device = s.Device };
            if (trainer.Steps <= manifest.Step)
                throw new ArgumentException($"the run is already at step {manifest.Step} of {manifest.Trainer.Steps}; pass --steps N with N > {manifest.Step} to train on");
            folder = Path.GetDirectoryName(Path.GetDirectoryName(checkpoint))!;
        }
        else
        {
            var model = new UNet2dOptions(ImageSize: s.Size, Width: s.Width, Depth: s.Depth);
            model.Validate();
            var data = HeadDomainOptions.Cpu with { Size = s.Size, SimulationSeed = s.SimulationSeed };
            config = new SegmentationConfig(model, data, s.Data, target, adaptation);
            trainer = SegmentationTraining.Cpu with
            {
                Steps = s.Steps ?? SegmentationTraining.Cpu.Steps,
                BatchSize = s.Batch ?? SegmentationTraining.Cpu.BatchSize,
                GeneratorLearningRate = s.LearningRate ?? SegmentationTraining.Cpu.GeneratorLearningRate,
                DiscriminatorLearningRate = s.LearningRate ?? SegmentationTraining.Cpu.DiscriminatorLearningRate,
                CheckpointEvery = s.CheckpointEvery ?? SegmentationTraining.Cpu.CheckpointEvery,
                Seed = s.Seed ?? 0,
                Device = s.Device,
            };
            trainer.Validate();
            folder = Path.GetFullPath(s.Out!);
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new ArgumentException($"--out '{s.Out}' is not empty: continue it with --resume {s.Out}, or choose a new folder");
        }
        ShowConfig(config, trainer, checkpoint);

        var domains = new HeadDomains(config.Data);
        using var stop = new StopOnSignal(cancellationToken);
        TrainingResult result = null!;
        JobProgress.Create()
            .Start(ctx =>
            {
                var task = ctx.AddTask(config.Adaptation is null ? "segment" : "adapt", maxValue: trainer.Steps);
                result = SegmentationTraining.Run(config, domains, trainer, folder, checkpoint, p =>
                {
                    task.Value = p.Step;
                    task.Description = $"step {p.Step}/{p.TotalSteps}  seg {p.Losses.Generator:F3}  D {p.Losses.Discriminator:F3}  {p.StepsPerSecond:F2} it/s";
                }, stop.Token);
            });
        AnsiConsole.MarkupLineInterpolated($"[green]{(result.Completed ? "done" : "stopped")}[/] at step {result.Step} ({result.StepsPerSecond:F2} steps/s, {result.Elapsed.TotalMinutes:F1} min). Checkpoint: {result.LastCheckpoint ?? "none"}");
        if (result.LastCheckpoint is not null) ShowScores(result.LastCheckpoint, domains, config);
        return result.Completed ? 0 : 130;
    }

    /// <summary>Dice and HD95 per class on the test slabs of the labelled domain and, for adaptation, of the target.</summary>
    private static void ShowScores(string checkpoint, HeadDomains domains, SegmentationConfig config)
    {
        using var model = SegmentationModel.Load(checkpoint);
        var table = new Table().Border(TableBorder.Rounded).Title("Test slabs");
        table.AddColumn("domain").AddColumn("train slices").AddColumn("test slices").AddColumn("class").AddColumn("Dice").AddColumn("HD95 (mm)");
        foreach (var domain in new[] { config.LabelledDomain, config.TargetDomain }.OfType<string>().Distinct())
        {
            using var test = domains.Load(domain, SegmentationSplit.Test);
            using var train = domains.Load(domain, SegmentationSplit.Train);
            using var predicted = model.Predict(test.Images);
            foreach (var score in SegmentationScores.Of(predicted, test.Labels!, test.Grid.PixelMm))
                table.AddRow(domain, $"{train.Count}", $"{test.Count}", score.Name, $"{score.Dice:F3}", $"{score.Hd95Mm:F1}");
        }
        AnsiConsole.Write(table);
    }

    private static void ShowConfig(SegmentationConfig config, TrainerOptions trainer, string? checkpoint)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(checkpoint is null ? "Resolved configuration" : $"Resuming {checkpoint}");
        table.AddColumn("setting").AddColumn("value").AddColumn("default");
        var rows = new List<ConfigEntry>
        {
            new("data.labelled", config.LabelledDomain, HeadDomains.Source), new("data.target", config.TargetDomain ?? "none", "—"),
        };
        rows.AddRange(ConfigDiff.Compare("model", config.Model, UNet2dOptions.Cpu));
        rows.AddRange(ConfigDiff.Compare("data", config.Data, HeadDomainOptions.Cpu));
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
        foreach (var entry in rows)
            table.AddRow(entry.Changed ? $"[yellow]* {Markup.Escape(entry.Key)}[/]" : Markup.Escape(entry.Key), Markup.Escape(entry.Value), Markup.Escape(entry.Default));
        AnsiConsole.Write(table);
    }
}
