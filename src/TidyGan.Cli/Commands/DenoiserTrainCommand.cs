using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Gans;
using TidyGan.Metrics.Features;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan train denoiser --arm mse|adversarial|wgan-perceptual --a LOW --b FULL`: a paired CT denoiser through the one trainer.</summary>
public sealed class DenoiserTrainCommand : Command<DenoiserTrainCommand.Settings>
{
    public sealed class Settings : PairedTrainSettings
    {
        [CommandOption("--arm <ARM>")]
        [Description("mse (RED-CNN, voxel-wise MSE; default), adversarial (MSE + adversarial, Wolterink 2017) or wgan-perceptual (WGAN-GP + perceptual loss, after Yang 2018)")]
        public string Arm { get; init; } = "mse";

        [CommandOption("--perceptual <DIR>")]
        [Description("wgan-perceptual: the feature network for the perceptual loss, a folder from `tidygan features train` (e.g. on ct-head); VGG weights are not available")]
        public string? Perceptual { get; init; }

        [CommandOption("--lambda-adv <L>")]
        [Description("adversarial: weight of the adversarial loss beside MSE (default 0.001)")]
        public double? LambdaAdversarial { get; init; }

        [CommandOption("--lambda-p <L>")]
        [Description("wgan-perceptual: weight of the perceptual loss (default 0.1)")]
        public double? LambdaPerceptual { get; init; }

        protected override ValidationResult ValidatePaired()
        {
            if (ParseArm(Arm) is null) return ValidationResult.Error($"--arm '{Arm}' is not one of mse, adversarial, wgan-perceptual");
            if (Resume is null && ParseArm(Arm) == DenoiserArm.WganPerceptual && Perceptual is null)
                return ValidationResult.Error("--arm wgan-perceptual needs --perceptual DIR (a feature network from `tidygan features train --data ct-head ...`)");
            return ValidationResult.Success();
        }
    }

    internal const string DefaultsFrom = "the papers' defaults (Chen 2017, Wolterink 2017, Yang 2018)";

    internal static DenoiserArm? ParseArm(string name) => name switch
    {
        "mse" => DenoiserArm.Mse, "adversarial" => DenoiserArm.Adversarial, "wgan-perceptual" => DenoiserArm.WganPerceptual, _ => null,
    };

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var resumed = settings.Resume is { } resume ? TrainingFrontEnd.Resume(resume, settings, "train denoiser", ModelKind.Denoiser) : null;
        var (config, trainer, folder) = resumed is null ? New(settings) : ((DenoiserConfig)resumed.Model, resumed.Trainer, resumed.RunFolder);
        TrainingFrontEnd.ShowConfig(Config(config, trainer), resumed?.Checkpoint, DefaultsFrom);
        using var features = config.PerceptualNetwork is { } path ? DomainFeatures.Load(path) : null;
        if (features is not null && resumed is not null && features.Version != config.PerceptualVersion)
            throw new IO.UserException($"{config.PerceptualNetwork}: the feature network changed since the run started ({features.Version}, the run used {config.PerceptualVersion})");
        var (pairs, domains) = PairedTraining.Load(config.Data, config.Model.ImageSize, resumed is not null);
        using var data = pairs;
        config = config with { Data = domains, PerceptualVersion = features?.Version };
        TorchSharp.torch.manual_seed(trainer.Seed);
        using var gan = config.Create(features?.Network);
        return PairedTraining.Run(gan, data, trainer, folder, resumed, $"denoiser ({settings.Arm})", cancellationToken);
    }

    private static (DenoiserConfig, TrainerOptions, string) New(Settings s)
    {
        var model = s.Preset == "paper" ? DenoiserOptions.Paper : DenoiserOptions.Cpu;
        model = (model with
        {
            Arm = ParseArm(s.Arm)!.Value,
            ImageSize = s.Size ?? model.ImageSize,
            Width = s.Width ?? model.Width,
            DiscriminatorWidth = s.Width ?? model.DiscriminatorWidth,
            AdversarialWeight = s.LambdaAdversarial ?? model.AdversarialWeight,
            PerceptualWeight = s.LambdaPerceptual ?? model.PerceptualWeight,
        }).Validate();
        var trainer = PairedTraining.Trainer(s);
        var folder = TrainingFrontEnd.NewRunFolder(s);
        var perceptual = model.Arm == DenoiserArm.WganPerceptual ? Path.GetFullPath(s.Perceptual!) : null;
        var config = new DenoiserConfig(model, PairedTraining.Placeholder(s, model.ImageSize), perceptual);
        return ((config with { Adam = TrainingFrontEnd.Apply(config.Adam, s) }).Validate(), trainer, folder);
    }

    internal static IEnumerable<ConfigEntry> Config(DenoiserConfig config, TrainerOptions trainer)
    {
        var adam = DenoiserConfig.AdamFor(config.Model.Arm);
        return PairedTraining.Data(config.Data)
            .Append(new ConfigEntry("perceptualNetwork", config.PerceptualNetwork ?? "none", "none"))
            .Append(new ConfigEntry("adam", $"{config.Adam.LearningRate} ({config.Adam.Beta1}, {config.Adam.Beta2})", $"{adam.LearningRate} ({adam.Beta1}, {adam.Beta2})"))
            .Concat(ConfigDiff.Compare("model", config.Model, DenoiserOptions.Paper with { Arm = config.Model.Arm }))
            .Concat(ConfigDiff.Compare("trainer", trainer, PairedTraining.PaperTrainer));
    }
}
