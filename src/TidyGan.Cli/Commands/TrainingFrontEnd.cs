using Spectre.Console;
using TidyGan.Gans;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>A run to continue: its checkpoint, typed options (read from the manifest, no model built) and trainer options.</summary>
internal sealed record ResumePoint(string Checkpoint, CheckpointManifest Manifest, IModelOptions Model, TrainerOptions Trainer, string RunFolder);

/// <summary>
/// What every training verb (`train dcgan|cgan`, `train cyclegan`, `segment train`, `adapt`) shares: the new-or-resume
/// path with its "already at step N" guard, flags onto the trainer's options, the configuration table, the progress
/// bar with signals, and the closing lines.
/// </summary>
internal static class TrainingFrontEnd
{
    /// <summary>The run in <paramref name="path"/>, checked to hold one of <paramref name="kinds"/> (resumed by <paramref name="verb"/>).</summary>
    public static ResumePoint Resume(string path, RunFolderSettings s, string verb, params ModelKind[] kinds)
    {
        var checkpoint = Checkpoint.Resolve(path);
        var manifest = Checkpoint.ReadManifest(checkpoint);
        if (!kinds.Contains(manifest.Kind))
            throw new CheckpointException(checkpoint, $"holds a '{manifest.Kind.Name()}' model, which `tidygan {verb}` does not train");
        var trainer = manifest.Trainer with { Steps = s.Steps ?? manifest.Trainer.Steps, Device = s.Device };
        if (trainer.Steps <= manifest.Step)
            throw new ArgumentException($"the run is already at step {manifest.Step} of {manifest.Trainer.Steps}; pass --steps N with N > {manifest.Step} to train on");
        var runFolder = Path.GetDirectoryName(Path.GetDirectoryName(checkpoint))!;
        return new ResumePoint(checkpoint, manifest, ModelCatalog.ReadOptions(manifest, checkpoint), trainer, runFolder);
    }

    /// <summary>--out as a full path, refused when it already holds something (a run is continued with --resume).</summary>
    public static string NewRunFolder(RunFolderSettings s)
    {
        var folder = Path.GetFullPath(s.Out!);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new ArgumentException($"--out '{s.Out}' is not empty: continue it with --resume {s.Out}, or choose a new folder");
        return folder;
    }

    /// <summary>The flags every training verb has, applied to a preset's trainer options.</summary>
    public static TrainerOptions Apply(TrainerOptions preset, RunFolderSettings s) => (preset with
    {
        Steps = s.Steps ?? preset.Steps,
        BatchSize = s.Batch ?? preset.BatchSize,
        SampleEvery = s.SampleEvery ?? preset.SampleEvery,
        CheckpointEvery = s.CheckpointEvery ?? preset.CheckpointEvery,
        Seed = s.Seed ?? preset.Seed,
        Device = s.Device,
    }).Validated();

    /// <summary>--lr applied to a model's Adam.</summary>
    public static AdamOptions Apply(AdamOptions adam, RunFolderSettings s) =>
        (s.LearningRate is { } lr ? adam with { LearningRate = lr } : adam).Validate();

    /// <summary>The resolved configuration, marking (*) what differs from the defaults of <paramref name="defaultsFrom"/>.</summary>
    public static void ShowConfig(IEnumerable<ConfigEntry> rows, string? checkpoint, string defaultsFrom)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(checkpoint is null ? "Resolved configuration" : $"Resuming {checkpoint}");
        table.AddColumn("setting").AddColumn("value").AddColumn("default");
        foreach (var entry in rows)
            table.AddRow(entry.Changed ? $"[yellow]* {Markup.Escape(entry.Key)}[/]" : Markup.Escape(entry.Key), Markup.Escape(entry.Value), Markup.Escape(entry.Default));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[grey]* differs from {defaultsFrom}[/]");
    }

    /// <summary>Trains with a progress bar (losses, speed, time left); Ctrl+C or SIGTERM checkpoints and stops.</summary>
    public static TrainingResult Run(Trainer trainer, string label, long totalSteps, CancellationToken cancellation) =>
        Run(label, totalSteps, trainer.Step, (progress, stop) =>
        {
            trainer.Progress += progress;
            return trainer.Run(stop);
        }, cancellation);

    /// <summary>The same for a run whose trainer lives inside <paramref name="train"/> (it subscribes the progress
    /// handler and trains until the token stops it).</summary>
    public static TrainingResult Run(string label, long totalSteps, long startStep,
        Func<Action<TrainingProgress>, CancellationToken, TrainingResult> train, CancellationToken cancellation)
    {
        using var stop = new StopOnSignal(cancellation);
        // Piped into a log (a batch job, `| tee`), Spectre draws no live bar: print a plain line with the ETA every 30 s.
        bool plain = !AnsiConsole.Profile.Capabilities.Interactive;
        var sinceLine = System.Diagnostics.Stopwatch.StartNew();
        TrainingResult result = null!;
        JobProgress.Create().Start(ctx =>
        {
            var task = ctx.AddTask(label, maxValue: totalSteps);
            task.Value = startStep;
            result = train(p =>
            {
                task.Value = p.Step;
                var d = p.Losses.Discriminator is { } value ? $"  D {value:F3}" : "";
                task.Description = $"{label} step {p.Step}/{p.TotalSteps}{d}  G {p.Losses.Generator:F3}  {p.StepsPerSecond:F2} it/s";
                if (plain && (sinceLine.Elapsed.TotalSeconds >= 30 || p.Step == p.TotalSteps))
                {
                    Console.WriteLine($"{task.Description}  ETA {p.Remaining:hh\\:mm\\:ss}");
                    sinceLine.Restart();
                }
            }, stop.Token);
        });
        return result;
    }

    /// <summary>The closing lines, after writing the run's model card (model-card.json/.md: every training verb ends here);
    /// exit code 0 when the run completed, 130 when a signal stopped it (as shells report it).</summary>
    public static int Finish(TrainingResult result, string? report = null)
    {
        AnsiConsole.MarkupLineInterpolated($"[green]{(result.Completed ? "done" : "stopped")}[/] at step {result.Step} ({result.StepsPerSecond:F2} steps/s, {result.Elapsed.TotalMinutes:F1} min). Checkpoint: {result.LastCheckpoint ?? "none"}");
        if (report is not null) AnsiConsole.MarkupLineInterpolated($"Report: {report}");
        RunCards.Report(() => RunCards.AfterTraining(result));
        return result.Completed ? 0 : 130;
    }
}
