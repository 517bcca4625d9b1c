using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Nn.CycleGan;
using TidyGan.Reports;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan train cyclegan --a mr-head --b ct-head`: two unpaired domains, both cut into head-centred axial
/// slices on one field of view and pixel size, trained by the one trainer (checkpoints, resume, grids, logs).
/// </summary>
public sealed class CycleGanTrainCommand : Command<CycleGanTrainSettings>
{
    /// <summary>Trainer defaults of the reference: batch 1, constant LR then linear decay to 0 (its Adam, 2e-4 β1 0.5, is <see cref="CycleGanConfig.Adam"/>).</summary>
    public static TrainerOptions PaperTrainer { get; } = new()
    {
        Steps = 200_000, BatchSize = 1, Schedule = new LearningRateSchedule(LearningRateScheduleKind.LinearDecay, 0.5),
        Augmentation = new AugmentationOptions(), GridSamples = 6 * CycleGan.GridColumns, SampleEvery = 1000, CheckpointEvery = 5000,
    };

    /// <summary>
    /// The Cpu preset's schedule: 3,000 steps (1,500 constant, 1,500 decaying), sized so the 32-filter Cpu model
    /// finishes within 20 minutes on this 2-core machine with one libtorch thread even while other jobs share the
    /// cores (≈ 2.7–4.9 steps/s measured; docs/mr-to-ct.md).
    /// </summary>
    public static TrainerOptions CpuTrainer { get; } = PaperTrainer with { Steps = 3000, SampleEvery = 500, CheckpointEvery = 500 };

    public override int Execute(CommandContext context, CycleGanTrainSettings settings, CancellationToken cancellationToken)
    {
        var resumed = settings.Resume is { } resume ? TrainingFrontEnd.Resume(resume, settings, "train cyclegan", ModelKind.CycleGan) : null;
        var (config, trainerOptions, folder) = resumed is null ? New(settings) : ((CycleGanConfig)resumed.Model, resumed.Trainer, resumed.RunFolder);
        TrainingFrontEnd.ShowConfig(Config(config, trainerOptions), resumed?.Checkpoint, "the reference implementation's default");

        var (a, b) = AnsiConsole.Status().Start($"Loading {config.DomainA.Name} and {config.DomainB.Name}…",
            _ => UnpairedSlices.Load(config.DomainA.Name, config.DomainB.Name, config.Model.ImageSize, config.FieldOfViewMm, config.MaxDepthMm));
        using var domainA = a;
        using var domainB = b;
        AnsiConsole.MarkupLineInterpolated($"A = {config.DomainA.Name}: {domainA.Count} slices; B = {config.DomainB.Name}: {domainB.Count} slices; {config.Model.ImageSize} px of {config.FieldOfViewMm / config.Model.ImageSize:0.###} mm");
        if (resumed is null) config = config with { DomainA = DataDescription.Of(domainA, config.DomainA.Name), DomainB = DataDescription.Of(domainB, config.DomainB.Name) };

        TorchSharp.torch.manual_seed(trainerOptions.Seed);
        using var gan = new CycleGan(config, domainA, domainB);
        using var trainer = new Trainer(gan, domainA, config.DomainA, trainerOptions, folder, domainB);
        if (resumed is not null) trainer.LoadCheckpoint(resumed.Checkpoint);

        var result = TrainingFrontEnd.Run(trainer, "cyclegan", trainerOptions.Steps, cancellationToken);
        var report = RunReport.Write(folder, $"cyclegan {config.DomainA.Name} ↔ {config.DomainB.Name}", result.Elapsed, result.StepsPerSecond);
        return TrainingFrontEnd.Finish(result, report);
    }

    private static (CycleGanConfig, TrainerOptions, string) New(CycleGanTrainSettings s)
    {
        bool paper = s.Preset == "paper";
        var model = paper ? CycleGanOptions.Paper : CycleGanOptions.Cpu;
        model = model with
        {
            ImageSize = s.Size ?? model.ImageSize,
            Generator = s.Generator switch { "resnet6" => CycleGeneratorKind.ResNet6, "resnet9" => CycleGeneratorKind.ResNet9, "unet" => CycleGeneratorKind.UNet, _ => model.Generator },
            GeneratorWidth = s.Width ?? model.GeneratorWidth,
            DiscriminatorWidth = s.Width ?? model.DiscriminatorWidth,
            CycleWeight = s.Lambda ?? model.CycleWeight,
            IdentityWeight = s.Identity ?? model.IdentityWeight,
            PoolSize = s.Pool ?? model.PoolSize,
        };
        model.Validate();
        var trainer = TrainingFrontEnd.Apply(paper ? PaperTrainer : CpuTrainer, s);
        if (s.NoAugment) trainer = trainer with { Augmentation = AugmentationOptions.None };
        var folder = TrainingFrontEnd.NewRunFolder(s);
        // Domain descriptions are placeholders until the data are loaded (their windows come from the data).
        var placeholder = (string name) => new DataDescription(name, model.ImageSize, model.Channels, [], "", -1, 1);
        var config = new CycleGanConfig(model, AdversarialLossKinds.Parse(s.Loss), placeholder(s.A), placeholder(s.B), s.Fov,
            MaxDepthMm: s.MaxDepth > 0 ? s.MaxDepth : null).WithLossRecipe();
        config = (config with { Adam = TrainingFrontEnd.Apply(config.Adam, s) }).Validate();
        return (config, trainer, folder);
    }

    private static IEnumerable<ConfigEntry> Config(CycleGanConfig config, TrainerOptions trainer) =>
        new[]
        {
            new ConfigEntry("data.a", config.DomainA.Name, "—"), new ConfigEntry("data.b", config.DomainB.Name, "—"),
            new ConfigEntry("data.fovMm", $"{config.FieldOfViewMm}", "—"), new ConfigEntry("data.maxDepthMm", config.MaxDepthMm is double d ? $"{d}" : "whole head", "80"),
            new ConfigEntry("loss", config.Loss.ToString(), AdversarialLossKind.LeastSquares.ToString()),
            new ConfigEntry("adam", $"{config.Adam.LearningRate} ({config.Adam.Beta1}, {config.Adam.Beta2})", $"{AdamOptions.Paper.LearningRate} ({AdamOptions.Paper.Beta1}, {AdamOptions.Paper.Beta2})"),
            new ConfigEntry("criticSteps", $"{config.CriticSteps}", "1"),
        }
        .Concat(ConfigDiff.Compare("model", config.Model, CycleGanOptions.Paper))
        .Concat(ConfigDiff.Compare("trainer", trainer, PaperTrainer));
}
