using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Reports;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan train dcgan|cgan`: maps flags onto option records, shows what differs from the paper, runs the one trainer.</summary>
public abstract class TrainCommand : Command<TrainSettings>
{
    protected abstract string Kind { get; }

    public sealed class DcGanCommand : TrainCommand
    {
        protected override string Kind => "dcgan";
    }

    public sealed class ConditionalGanCommand : TrainCommand
    {
        protected override string Kind => "cgan";
    }

    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var run = settings.Resume is { } resume ? RunPlan.FromCheckpoint(resume, settings) : RunPlan.New(Kind, settings);
        ShowConfig(run);

        using var images = LoadData(run);
        var description = run.Description ?? DataDescription.Of(images, run.DataName, run.Limit);
        using var gan = run.CreateGan(images.ClassCount);
        using var trainer = new Trainer(gan, images, description, run.Trainer, run.Directory);
        if (run.CheckpointFolder is { } folder) trainer.LoadCheckpoint(folder);

        using var stop = new StopOnSignal(cancellationToken);
        var result = TrainWithProgress(trainer, run, stop.Token);

        var report = RunReport.Write(run.Directory, $"{run.Kind} on {run.DataName}", result.Elapsed, result.StepsPerSecond);
        AnsiConsole.MarkupLineInterpolated($"[green]{(result.Completed ? "done" : "stopped")}[/] at step {result.Step} ({result.StepsPerSecond:F2} steps/s). Checkpoint: {result.LastCheckpoint ?? "none"}");
        AnsiConsole.MarkupLineInterpolated($"Report: {report}");
        return result.Completed ? 0 : 130;      // 130: stopped by a signal, as shells report it
    }

    private static ImageSet LoadData(RunPlan run) => AnsiConsole.Status().Start($"Loading {run.DataName}…", _ =>
        Datasets.Load(run.DataName, new DatasetOptions(Size: run.Size, Limit: run.Limit, Seed: run.Trainer.Seed)));

    private static TrainingResult TrainWithProgress(Trainer trainer, RunPlan run, CancellationToken cancellation)
    {
        TrainingResult result = null!;
        JobProgress.Create()
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{run.Kind} {run.DataName}", maxValue: run.Trainer.Steps);
                task.Value = trainer.Step;
                trainer.Progress += p =>
                {
                    task.Value = p.Step;
                    task.Description = $"step {p.Step}/{p.TotalSteps}  D {p.Losses.Discriminator:F3}  G {p.Losses.Generator:F3}  {p.StepsPerSecond:F2} it/s";
                };
                result = trainer.Run(cancellation);
            });
        return result;
    }

    private static void ShowConfig(RunPlan run)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(run.CheckpointFolder is null ? "Resolved configuration" : $"Resuming {run.CheckpointFolder}");
        table.AddColumn("setting").AddColumn("value").AddColumn("default");
        foreach (var entry in run.Config())
            table.AddRow(entry.Changed ? $"[yellow]* {Markup.Escape(entry.Key)}[/]" : Markup.Escape(entry.Key),
                Markup.Escape(entry.Value), Markup.Escape(entry.Default));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]* differs from the paper's default[/]");
    }
}
