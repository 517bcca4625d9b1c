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
    /// <summary>Trainer defaults of the reference: batch 1, Adam 2e-4 β1 0.5, constant LR then linear decay to 0.</summary>
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
        var (config, trainerOptions, folder, checkpoint) = settings.Resume is { } resume ? FromCheckpoint(resume, settings) : New(settings);
        ShowConfig(config, trainerOptions, checkpoint);

        var (a, b) = AnsiConsole.Status().Start($"Loading {config.DomainA.Name} and {config.DomainB.Name}…",
            _ => UnpairedSlices.Load(config.DomainA.Name, config.DomainB.Name, config.Model.ImageSize, config.FieldOfViewMm, config.MaxDepthMm));
        using var domainA = a;
        using var domainB = b;
        AnsiConsole.MarkupLineInterpolated($"A = {config.DomainA.Name}: {domainA.Count} slices; B = {config.DomainB.Name}: {domainB.Count} slices; {config.Model.ImageSize} px of {config.FieldOfViewMm / config.Model.ImageSize:0.###} mm");
        if (checkpoint is null) config = config with { DomainA = DataDescription.Of(domainA, config.DomainA.Name), DomainB = DataDescription.Of(domainB, config.DomainB.Name) };

        TorchSharp.torch.manual_seed(trainerOptions.Seed);
        using var gan = new CycleGan(config, domainA, domainB);
        using var trainer = new Trainer(gan, domainA, config.DomainA, trainerOptions, folder, domainB);
        if (checkpoint is not null) trainer.LoadCheckpoint(checkpoint);

        using var stop = new StopOnSignal(cancellationToken);
        TrainingResult result = null!;
        JobProgress.Create()
            .Start(ctx =>
            {
                var task = ctx.AddTask("cyclegan", maxValue: trainerOptions.Steps);
                task.Value = trainer.Step;
                trainer.Progress += p =>
                {
                    task.Value = p.Step;
                    task.Description = $"step {p.Step}/{p.TotalSteps}  D {p.Losses.Discriminator:F3}  G {p.Losses.Generator:F3}  {p.StepsPerSecond:F2} it/s";
                };
                result = trainer.Run(stop.Token);
            });

        var report = RunReport.Write(folder, $"cyclegan {config.DomainA.Name} ↔ {config.DomainB.Name}", result.Elapsed, result.StepsPerSecond);
        AnsiConsole.MarkupLineInterpolated($"[green]{(result.Completed ? "done" : "stopped")}[/] at step {result.Step} ({result.StepsPerSecond:F2} steps/s). Checkpoint: {result.LastCheckpoint ?? "none"}");
        AnsiConsole.MarkupLineInterpolated($"Report: {report}");
        return result.Completed ? 0 : 130;
    }

    private static (CycleGanConfig, TrainerOptions, string, string?) New(CycleGanTrainSettings s)
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
        var trainer = paper ? PaperTrainer : CpuTrainer;
        trainer = trainer with
        {
            Steps = s.Steps ?? trainer.Steps,
            BatchSize = s.Batch ?? trainer.BatchSize,
            GeneratorLearningRate = s.LearningRate ?? trainer.GeneratorLearningRate,
            DiscriminatorLearningRate = s.LearningRate ?? trainer.DiscriminatorLearningRate,
            Augmentation = s.NoAugment ? AugmentationOptions.None : trainer.Augmentation,
            SampleEvery = s.SampleEvery ?? trainer.SampleEvery,
            CheckpointEvery = s.CheckpointEvery ?? trainer.CheckpointEvery,
            Seed = s.Seed ?? trainer.Seed,
            Device = s.Device,
        };
        trainer.Validate();
        var folder = Path.GetFullPath(s.Out!);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new ArgumentException($"--out '{s.Out}' is not empty: continue it with --resume {s.Out}, or choose a new folder");
        // Domain descriptions are placeholders until the data are loaded (their windows come from the data).
        var placeholder = (string name) => new DataDescription(name, model.ImageSize, model.Channels, [], "", -1, 1);
        var config = new CycleGanConfig(model, AdversarialLossKinds.Parse(s.Loss), placeholder(s.A), placeholder(s.B), s.Fov, MaxDepthMm: s.MaxDepth > 0 ? s.MaxDepth : null);
        return (config, trainer, folder, null);
    }

    private static (CycleGanConfig, TrainerOptions, string, string?) FromCheckpoint(string path, CycleGanTrainSettings s)
    {
        var checkpoint = Checkpoint.Resolve(path);
        var manifest = Checkpoint.ReadManifest(checkpoint);
        if (manifest.Kind != "cyclegan") throw new CheckpointException(checkpoint, $"holds a '{manifest.Kind}' model; resume it with `tidygan train {manifest.Kind}`");
        var config = CycleGanCheckpoint.ReadConfig(manifest, checkpoint);
        var trainer = manifest.Trainer with { Steps = s.Steps ?? manifest.Trainer.Steps, Device = s.Device };
        if (trainer.Steps <= manifest.Step)
            throw new ArgumentException($"the run is already at step {manifest.Step} of {manifest.Trainer.Steps}; pass --steps N with N > {manifest.Step} to train on");
        return (config, trainer, Path.GetDirectoryName(Path.GetDirectoryName(checkpoint))!, checkpoint);
    }

    private static void ShowConfig(CycleGanConfig config, TrainerOptions trainer, string? checkpoint)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(checkpoint is null ? "Resolved configuration" : $"Resuming {checkpoint}");
        table.AddColumn("setting").AddColumn("value").AddColumn("default");
        var rows = new[]
            {
                new ConfigEntry("data.a", config.DomainA.Name, "—"), new ConfigEntry("data.b", config.DomainB.Name, "—"),
                new ConfigEntry("data.fovMm", $"{config.FieldOfViewMm}", "—"), new ConfigEntry("data.maxDepthMm", config.MaxDepthMm is double d ? $"{d}" : "whole head", "80"), new ConfigEntry("loss", config.Loss.ToString(), AdversarialLossKind.LeastSquares.ToString()),
            }
            .Concat(ConfigDiff.Compare("model", config.Model, CycleGanOptions.Paper))
            .Concat(ConfigDiff.Compare("trainer", trainer, PaperTrainer));
        foreach (var entry in rows)
            table.AddRow(entry.Changed ? $"[yellow]* {Markup.Escape(entry.Key)}[/]" : Markup.Escape(entry.Key), Markup.Escape(entry.Value), Markup.Escape(entry.Default));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]* differs from the reference implementation's default[/]");
    }
}
