using System.ComponentModel;
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
public sealed class CycleGanTrainCommand : Command<CycleGanTrainCommand.Settings>
{
    /// <summary>Flags of `tidygan train cyclegan`; each maps onto <see cref="Nn.CycleGan.CycleGanOptions"/> or the trainer's options.</summary>
    public sealed class Settings : RunFolderSettings
    {
        [CommandOption("--domain-a <NAME>")]
        [Description("Domain A (source), e.g. mr-head or nifti:PATH (default mr-head); --a works too")]
        public string A { get; init; } = "mr-head";

        [CommandOption("--domain-b <NAME>")]
        [Description("Domain B (target), e.g. ct-head or nifti:PATH (default ct-head); --b works too")]
        public string B { get; init; } = "ct-head";

        [CommandOption("--preset <NAME>")]
        [Description("cpu (64 px, resnet_6blocks, 32 filters; default) or paper (256 px, resnet_9blocks, 64 filters)")]
        public string Preset { get; init; } = "cpu";

        [CommandOption("--size <PIXELS>")]
        [Description("Image size (default: the preset's)")]
        public int? Size { get; init; }

        [CommandOption("--fov <MM>")]
        [Description("Square field of view in mm, the same for both domains, centred on each head (default 240)")]
        public double Fov { get; init; } = 240;

        [CommandOption("--max-depth <MM>")]
        [Description("Keep only axial slices at most this far below each head's vertex, so both domains show the same anatomy (default 80: the cranial vault above the Cranium CT's frontal sinus; 0 = the whole head)")]
        public double MaxDepth { get; init; } = 80;

        [CommandOption("--mr-intensity <RULE>")]
        [Description("How an MR domain's units map to [-1, 1], per volume: percentile-volume (default: 0.5/99.5th percentiles of the whole volume), percentile (the same inside the head mask) or zscore (mean ± 3 SD inside the head mask); recorded in the run, translate and evaluate apply it")]
        public string MrIntensity { get; init; } = "percentile-volume";

        [CommandOption("--generator <KIND>")]
        [Description("resnet6, resnet9 or unet (default: the preset's)")]
        public string? Generator { get; init; }

        [CommandOption("--width <W>")]
        [Description("Filters of the first layer of G and D (default: the preset's)")]
        public int? Width { get; init; }

        [CommandOption("--loss <LOSS>")]
        [Description("lsgan (default, as the reference), ns, minimax, hinge, wgan-gp")]
        public string Loss { get; init; } = "lsgan";

        [CommandOption("--lambda <L>")]
        [Description("Cycle loss weight λ, both directions (default 10)")]
        public double? Lambda { get; init; }

        [CommandOption("--identity <F>")]
        [Description("Identity loss weight as a fraction of λ (default 0.5; 0 = off)")]
        public double? Identity { get; init; }

        [CommandOption("--pool <N>")]
        [Description("Image pool size (default 50; 0 = off)")]
        public int? Pool { get; init; }




        [CommandOption("--no-augment")]
        [Description("Switch off augmentation (default on: flips, ±10° rotation, 0.9–1.1 scale, ±4 px shift, each domain drawn independently)")]
        public bool NoAugment { get; init; }

        public override ValidationResult Validate()
        {
            if (ValidateRunFolder() is { Successful: false } folder) return folder;
            if (Preset is not ("cpu" or "paper")) return ValidationResult.Error($"--preset '{Preset}' is not one of cpu, paper");
            if (Generator is not (null or "resnet6" or "resnet9" or "unet")) return ValidationResult.Error($"--generator '{Generator}' is not one of resnet6, resnet9, unet");
            if (!(Fov > 0)) return ValidationResult.Error($"--fov must be positive (got {Fov})");
            if (MrIntensities.TryParse(MrIntensity) is null) return ValidationResult.Error($"--mr-intensity '{MrIntensity}' is not one of {string.Join(", ", MrIntensities.Names)}");
            if (!(MaxDepth >= 0)) return ValidationResult.Error($"--max-depth must be 0 (whole head) or positive (got {MaxDepth})");
            return ValidationResult.Success();
        }
    }

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

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var resumed = settings.Resume is { } resume ? TrainingFrontEnd.Resume(resume, settings, "train cyclegan", ModelKind.CycleGan) : null;
        var (config, trainerOptions, folder) = resumed is null ? New(settings) : ((CycleGanConfig)resumed.Model, resumed.Trainer, resumed.RunFolder);
        TrainingFrontEnd.ShowConfig(Config(config, trainerOptions), resumed?.Checkpoint, DefaultsFrom);
        var split = settings.SplitRule(config.DomainA.Name, config.DomainB.Name);

        var options = config.SliceOptions(config.MaxDepthMm);
        var (a, b) = AnsiConsole.Status().Start($"Loading {config.DomainA.Name} and {config.DomainB.Name}…",
            _ => UnpairedSlices.Load(config.DomainA.Name, config.DomainB.Name, options, Warnings.Print,
                resumed is null ? split : config.DomainA.Subjects?.Rule, resumed is null ? split : config.DomainB.Subjects?.Rule));
        using var domainA = a;
        using var domainB = b;
        AnsiConsole.MarkupLineInterpolated($"A = {config.DomainA.Name}: {domainA.Count} slices; B = {config.DomainB.Name}: {domainB.Count} slices; {config.Model.ImageSize} px of {config.FieldOfViewMm / config.Model.ImageSize:0.###} mm");
        if (resumed is null) config = config with { DomainA = DataDescription.Of(domainA, config.DomainA.Name, options: options), DomainB = DataDescription.Of(domainB, config.DomainB.Name, options: options) };

        TorchSharp.torch.manual_seed(trainerOptions.Seed);
        using var gan = new CycleGan(config, domainA, domainB);
        using var trainer = new Trainer(gan, domainA, config.DomainA, trainerOptions, folder, domainB);
        if (resumed is not null) trainer.LoadCheckpoint(resumed.Checkpoint);

        var result = TrainingFrontEnd.Run(trainer, "cyclegan", trainerOptions.Steps, cancellationToken);
        var report = RunReport.Write(folder, $"cyclegan {config.DomainA.Name} ↔ {config.DomainB.Name}", result.Elapsed, result.StepsPerSecond);
        return TrainingFrontEnd.Finish(result, report);
    }

    private static (CycleGanConfig, TrainerOptions, string) New(Settings s)
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
        // Domain descriptions are placeholders until the data are loaded (their windows come from the data); they carry the MR rule.
        var mr = MrIntensities.Parse(s.MrIntensity);
        var placeholder = (string name) => new DataDescription(name, model.ImageSize, model.Channels, [], "", -1, 1,
            Preprocessing: SlicePreprocessing.Of(UnpairedSlices.Options(model.ImageSize, s.Fov, null, mr), new PercentileScaling(0, 1)));
        var config = new CycleGanConfig(model, AdversarialLossKinds.Parse(s.Loss), placeholder(s.A), placeholder(s.B), s.Fov,
            MaxDepthMm: s.MaxDepth > 0 ? s.MaxDepth : null).WithLossRecipe();
        config = (config with { Adam = TrainingFrontEnd.Apply(config.Adam, s) }).Validate();
        return (config, trainer, folder);
    }

    internal const string DefaultsFrom = "the reference implementation's default";

    /// <summary>The configuration table (also rebuilt from a checkpoint for its model card).</summary>
    internal static IEnumerable<ConfigEntry> Config(CycleGanConfig config, TrainerOptions trainer) =>
        new[]
        {
            new ConfigEntry("data.a", config.DomainA.Name, "—"), new ConfigEntry("data.b", config.DomainB.Name, "—"),
            new ConfigEntry("data.fovMm", $"{config.FieldOfViewMm}", "—"), new ConfigEntry("data.mrIntensity", config.MrIntensity.Name(), MrIntensity.PercentileVolume.Name()), new ConfigEntry("data.maxDepthMm", config.MaxDepthMm is double d ? $"{d}" : "whole head", "80"),
            new ConfigEntry("loss", config.Loss.ToString(), AdversarialLossKind.LeastSquares.ToString()),
            new ConfigEntry("adam", $"{config.Adam.LearningRate} ({config.Adam.Beta1}, {config.Adam.Beta2})", $"{AdamOptions.Paper.LearningRate} ({AdamOptions.Paper.Beta1}, {AdamOptions.Paper.Beta2})"),
            new ConfigEntry("criticSteps", $"{config.CriticSteps}", "1"),
        }
        .Concat(ConfigDiff.Compare("model", config.Model, CycleGanOptions.Paper))
        .Concat(ConfigDiff.Compare("trainer", trainer, PaperTrainer));
}
