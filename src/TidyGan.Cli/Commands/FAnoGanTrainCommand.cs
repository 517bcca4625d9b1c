using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Reports;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan train fanogan --gan RUN --data ct-head --out DIR`: f-AnoGAN's izi_f encoder (Schlegl 2019) on the frozen G and
/// D of a WGAN-GP run, trained by the one trainer on the healthy slices, cut as the GAN's were.
/// </summary>
public sealed class FAnoGanTrainCommand : Command<FAnoGanTrainCommand.Settings>
{
    public sealed class Settings : RunFolderSettings
    {
        [CommandOption("--gan <RUN>")]
        [Description("The WGAN-GP run (train dcgan --loss wgan-gp) whose G and D the encoder inverts")]
        public string? Gan { get; init; }

        [CommandOption("--data <NAME>")]
        [Description("Healthy training data (default: the GAN's); sliced with the GAN's size, field of view and intensity rule")]
        public string? Data { get; init; }

        [CommandOption("--kappa <K>")]
        [Description("Weight κ of the critic-feature residual (default 1, the paper's)")]
        public double Kappa { get; init; } = FAnoGanConfig.PaperKappa;

        public override ValidationResult Validate()
        {
            if (Resume is null && Gan is null) return ValidationResult.Error("--gan RUN is required (a WGAN-GP run)");
            if (Resume is not null && Gan is not null) return ValidationResult.Error("--resume takes the GAN from the run; leave out --gan");
            return ValidateRunFolder();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ResumePoint? resumed = settings.Resume is { } resume ? TrainingFrontEnd.Resume(resume, settings, "train fanogan", ModelKind.FAnoGan) : null;
        var config = resumed?.Model as FAnoGanConfig ?? FAnoGanLoader.For(settings.Gan!, settings.Kappa);
        if (resumed is null) config = config with { Adam = TrainingFrontEnd.Apply(config.Adam, settings) };
        var gan = Checkpoint.ReadManifest(Checkpoint.Resolve(config.GanCheckpoint)).Data;
        var trainer = resumed?.Trainer ?? TrainingFrontEnd.Apply(TrainerOptions.Cpu, settings) with { SampleGrids = false };
        var folder = resumed?.RunFolder ?? TrainingFrontEnd.NewRunFolder(settings);
        var dataName = resumed?.Manifest.Data.Name ?? settings.Data ?? gan.Name;
        var options = new DatasetOptions(Size: gan.Size, Limit: gan.Limit, Seed: trainer.Seed, FieldOfViewMm: gan.Preprocessing?.FieldOfViewMm,
            MaxDepthMm: gan.Preprocessing?.MaxDepthMm, MrIntensity: gan.MrIntensity, Split: gan.Subjects?.Rule);
        using var images = AnsiConsole.Status().Start($"Loading {dataName}…", _ => Datasets.Load(dataName, options, Warnings.Print));
        TrainingFrontEnd.ShowConfig(
            [new ConfigEntry("gan", config.GanCheckpoint, "—"), .. ConfigDiff.Compare("model", config, config with { Kappa = FAnoGanConfig.PaperKappa, Adam = WganGpRecipe.Adam }),
             .. ConfigDiff.Compare("trainer", trainer, TrainerOptions.Cpu)], resumed?.Checkpoint, "the paper's (κ = 1) and the CPU trainer preset");

        var description = resumed?.Manifest.Data ?? DataDescription.Of(images, dataName, gan.Limit, options);
        using var model = ModelCatalog.Create(config, trainer.Seed);
        using var run = new Trainer(model, images, description, trainer, folder);
        if (resumed is not null) run.LoadCheckpoint(resumed.Checkpoint);
        var result = TrainingFrontEnd.Run(run, $"fanogan {dataName}", trainer.Steps, cancellationToken);
        var report = RunReport.Write(folder, $"f-AnoGAN encoder on {dataName}", result.Elapsed, result.StepsPerSecond);
        return TrainingFrontEnd.Finish(result, report);
    }
}
