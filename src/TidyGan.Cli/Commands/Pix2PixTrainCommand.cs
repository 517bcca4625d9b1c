using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Gans;
using TidyGan.Nn.Paired;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan train pix2pix --a INPUT --b TARGET`: pix2pix (Isola 2017) on two aligned volumes, through the one trainer.</summary>
public sealed class Pix2PixTrainCommand : Command<Pix2PixTrainCommand.Settings>
{
    public sealed class Settings : PairedTrainSettings
    {
        [CommandOption("--loss <LOSS>")]
        [Description("vanilla (default, as the reference) or lsgan")]
        public string Loss { get; init; } = "vanilla";

        [CommandOption("--lambda-l1 <L>")]
        [Description("Weight of the L1 loss (default 100)")]
        public double? LambdaL1 { get; init; }

        protected override ValidationResult ValidatePaired() => Loss is "vanilla" or "lsgan"
            ? ValidationResult.Success() : ValidationResult.Error($"--loss '{Loss}' is not one of vanilla, lsgan");
    }

    internal const string DefaultsFrom = "the reference implementation's default";

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var resumed = settings.Resume is { } resume ? TrainingFrontEnd.Resume(resume, settings, "train pix2pix", ModelKind.Pix2Pix) : null;
        var (config, trainer, folder) = resumed is null ? New(settings) : ((Pix2PixConfig)resumed.Model, resumed.Trainer, resumed.RunFolder);
        TrainingFrontEnd.ShowConfig(Config(config, trainer), resumed?.Checkpoint, DefaultsFrom);
        var (pairs, domains) = PairedTraining.Load(config.Data, config.Model.ImageSize, resumed is not null);
        using var data = pairs;
        config = config with { Data = domains };
        TorchSharp.torch.manual_seed(trainer.Seed);
        using var gan = new Pix2Pix(config);
        return PairedTraining.Run(gan, data, trainer, folder, resumed, "pix2pix", cancellationToken);
    }

    private static (Pix2PixConfig, TrainerOptions, string) New(Settings s)
    {
        var model = s.Preset == "paper" ? Pix2PixOptions.Paper : Pix2PixOptions.Cpu;
        model = (model with
        {
            ImageSize = s.Size ?? model.ImageSize,
            GeneratorWidth = s.Width ?? model.GeneratorWidth,
            DiscriminatorWidth = s.Width ?? model.DiscriminatorWidth,
            Loss = s.Loss == "lsgan" ? Pix2PixLoss.LeastSquares : Pix2PixLoss.Vanilla,
            L1Weight = s.LambdaL1 ?? model.L1Weight,
        }).Validate();
        var trainer = PairedTraining.Trainer(s);
        var folder = TrainingFrontEnd.NewRunFolder(s);
        var config = new Pix2PixConfig(model, PairedTraining.Placeholder(s, model.ImageSize));
        return ((config with { Adam = TrainingFrontEnd.Apply(config.Adam, s) }).Validate(), trainer, folder);
    }

    /// <summary>The configuration table (also rebuilt from a checkpoint for its model card).</summary>
    internal static IEnumerable<ConfigEntry> Config(Pix2PixConfig config, TrainerOptions trainer) =>
        PairedTraining.Data(config.Data)
        .Append(new ConfigEntry("adam", $"{config.Adam.LearningRate} ({config.Adam.Beta1}, {config.Adam.Beta2})", $"{AdamOptions.Paper.LearningRate} ({AdamOptions.Paper.Beta1}, {AdamOptions.Paper.Beta2})"))
        .Concat(ConfigDiff.Compare("model", config.Model, Pix2PixOptions.Paper))
        .Concat(ConfigDiff.Compare("trainer", trainer, PairedTraining.PaperTrainer));
}
