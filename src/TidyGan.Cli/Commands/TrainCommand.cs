using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Reports;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan train dcgan|cgan`: maps flags onto option records, shows what differs from the paper, runs the one trainer.</summary>
public abstract class TrainCommand : Command<TrainSettings>
{
    private protected abstract ModelKind Kind { get; }

    public sealed class DcGanCommand : TrainCommand
    {
        private protected override ModelKind Kind => ModelKind.DcGan;
    }

    public sealed class ConditionalGanCommand : TrainCommand
    {
        private protected override ModelKind Kind => ModelKind.ConditionalGan;
    }

    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var run = settings.Resume is { } resume ? RunPlan.FromCheckpoint(resume, settings, Kind) : RunPlan.New(Kind, settings);
        using var images = AnsiConsole.Status().Start($"Loading {run.DataName}…", _ =>
            Datasets.Load(run.DataName, run.DatasetOptions, Warnings.Print));
        var model = run.ModelOptions(images.ClassCount);
        TrainingFrontEnd.ShowConfig(run.Config(model), run.Resumed?.Checkpoint, RunPlan.DefaultsFrom);

        var description = run.Resumed?.Manifest.Data ?? DataDescription.Of(images, run.DataName, run.Limit, run.DatasetOptions);
        using var gan = ModelCatalog.Create(model, run.Trainer.Seed);
        using var trainer = new Trainer(gan, images, description, run.Trainer, run.Directory);
        if (run.Resumed is { } resumed) trainer.LoadCheckpoint(resumed.Checkpoint);

        var result = TrainingFrontEnd.Run(trainer, $"{run.Kind.Name()} {run.DataName}", run.Trainer.Steps, cancellationToken);
        var report = RunReport.Write(run.Directory, $"{run.Kind.Name()} on {run.DataName}", result.Elapsed, result.StepsPerSecond);
        return TrainingFrontEnd.Finish(result, report);
    }
}
