using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.IO;
using TidyGan.Metrics.Features;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan features extract`: features of a SRC as a .npy matrix (rows = images) for numpy or a later `evaluate`.</summary>
public sealed class FeaturesExtractCommand : Command<FeaturesExtractCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--source <SRC>")]
        [Description("Dataset, image folder, NIfTI file or run folder (as for evaluate)")]
        public string? Source { get; init; }

        [CommandOption("--features <NAME>")]
        public string Features { get; init; } = "resnet18-imagenet";

        [CommandOption("-n|--count <N>")]
        public int? N { get; init; }

        [CommandOption("--size <PIXELS>")]
        public int? Size { get; init; }

        [CommandOption("--out <FILE.npy>")]
        public string? Out { get; init; }

        [CommandOption("--float32")]
        [Description("Write '<f4' instead of '<f8'")]
        public bool Float32 { get; init; }

        [CommandOption("--seed <S>")]
        public int Seed { get; init; }

        public override ValidationResult Validate() =>
            Source is null || Out is null ? ValidationResult.Error("--source SRC and --out FILE.npy are required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var extractor = FeatureExtractors.Create(settings.Features);
        var (features, description) = FeatureSource.Load(settings.Source!, extractor, settings.N, settings.Size, settings.Seed);
        using (features) Npy.Write(settings.Out!, features, settings.Float32 ? NpyType.Float32 : NpyType.Float64);
        AnsiConsole.MarkupLineInterpolated($"{settings.Out}: {description} → {extractor.Name} {extractor.Version}");
        return 0;
    }
}

/// <summary>`tidygan features train`: a domain feature network (a classifier on the real training data), saved as a versioned file.</summary>
public sealed class FeaturesTrainCommand : Command<FeaturesTrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <NAME>")]
        [Description("A labelled dataset: fashion-mnist or folder:PATH with class sub-folders")]
        public string Data { get; init; } = "fashion-mnist";

        [CommandOption("--size <PIXELS>")]
        public int? Size { get; init; }

        [CommandOption("--epochs <N>")]
        public int Epochs { get; init; } = 3;

        [CommandOption("--out <PATH>")]
        public string? Out { get; init; }

        [CommandOption("--seed <S>")]
        public int Seed { get; init; }

        public override ValidationResult Validate() => Out is null ? ValidationResult.Error("--out PATH is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        int size = settings.Size ?? (settings.Data == "fashion-mnist" ? 28 : 64);
        using var train = Datasets.Load(settings.Data, new DatasetOptions(Size: size, Train: true, Seed: settings.Seed));
        using var test = Datasets.Load(settings.Data, new DatasetOptions(Size: size, Train: false, Seed: settings.Seed));
        if (train.ClassCount == 0) throw new ArgumentException($"'{settings.Data}' has no class labels to train a feature network on");
        double accuracy = AnsiConsole.Status().Start($"Training a feature network on {train.Count} images of {settings.Data}…",
            _ => DomainFeatures.Train(train, test, settings.Out!, settings.Epochs, settings.Seed));
        AnsiConsole.MarkupLineInterpolated($"{settings.Out}: test accuracy {accuracy:P1} on {test.Count} held-out images; use --features domain:{settings.Out}");
        return 0;
    }
}
