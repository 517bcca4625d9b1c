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
    public sealed class Settings : CohortSplitSettings
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
        var (features, description) = FeatureSource.Load(settings.Source!, extractor, settings.N, settings.Size, settings.Seed,
            settings.SplitFlags);
        using (features) Npy.Write(settings.Out!, features, settings.Float32 ? NpyType.Float32 : NpyType.Float64);
        AnsiConsole.MarkupLineInterpolated($"{settings.Out}: {description} → {extractor.Name} {extractor.Version}");
        return 0;
    }
}

/// <summary>
/// `tidygan features train`: a domain feature network, saved as a versioned file: a classifier on the real
/// training data's labels, or, for the slices of a volume (ct-head, mr-head, nifti:PATH; no labels), a
/// classifier of each slice's axial position bin trained on augmented slices (<see cref="SlicePositionTask"/>).
/// </summary>
public sealed class FeaturesTrainCommand : Command<FeaturesTrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <NAME>")]
        [Description("fashion-mnist or folder:PATH with class sub-folders (labels), or ct-head, mr-head, nifti:PATH (self-supervised: axial position of each slice)")]
        public string Data { get; init; } = "fashion-mnist";

        [CommandOption("--bins <N>")]
        [Description("Volumes: axial position bins to classify (default 6)")]
        public int Bins { get; init; } = 6;

        [CommandOption("--copies <N>")]
        [Description("Volumes: augmented copies (flip, ±10° rotation, 0.9–1.1 scale, ±4 px shift) of the training slices per epoch (default 64)")]
        public int Copies { get; init; } = 64;

        [CommandOption("--size <PIXELS>")]
        public int? Size { get; init; }

        [CommandOption("--epochs <N>")]
        public int Epochs { get; init; } = 3;

        [CommandOption("--out <PATH>")]
        public string? Out { get; init; }

        [CommandOption("--seed <S>")]
        public int Seed { get; init; }

        public override ValidationResult Validate() =>
            Out is null ? ValidationResult.Error("--out PATH is required")
            : Bins < 2 ? ValidationResult.Error($"--bins must be at least 2 (got {Bins})")
            : Copies < 1 ? ValidationResult.Error($"--copies must be at least 1 (got {Copies})")
            : Epochs < 1 ? ValidationResult.Error($"--epochs must be at least 1 (got {Epochs})")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        int size = settings.Size ?? (settings.Data == "fashion-mnist" ? 28 : 64);
        if (IsVolume(settings.Data)) return TrainSlicePosition(settings, size);
        using var train = Datasets.Load(settings.Data, new DatasetOptions(Size: size, Train: true, Seed: settings.Seed));
        using var test = Datasets.Load(settings.Data, new DatasetOptions(Size: size, Train: false, Seed: settings.Seed));
        if (train.ClassCount == 0) throw new ArgumentException($"'{settings.Data}' has no class labels to train a feature network on");
        double accuracy = AnsiConsole.Status().Start($"Training a feature network on {train.Count} images of {settings.Data}…",
            _ => DomainFeatures.Train(train, test, settings.Out!, settings.Epochs, settings.Seed));
        AnsiConsole.MarkupLineInterpolated($"{settings.Out}: test accuracy {accuracy:P1} on {test.Count} held-out images; use --features domain:{settings.Out}");
        return 0;
    }

    private static bool IsVolume(string data) =>
        data is "ct-head" or "mr-head" || data.StartsWith("nifti:", StringComparison.Ordinal)
        || data.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || data.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Self-supervised: classify each slice's axial position bin; held-out slices with guard neighbours (SlicePositionTask).</summary>
    private static int TrainSlicePosition(Settings settings, int size)
    {
        string name = settings.Data is "ct-head" or "mr-head" || settings.Data.StartsWith("nifti:", StringComparison.Ordinal) ? settings.Data : "nifti:" + settings.Data;
        using var slices = Datasets.Load(name, new DatasetOptions(Size: size, Seed: settings.Seed));
        var (train, test) = SlicePositionTask.Split(slices, settings.Bins);
        using (train)
        using (test)
        {
            double accuracy = AnsiConsole.Status().Start(
                $"Training an axial-position network on {train.Count} slices of {name} × {settings.Copies} augmented copies, {settings.Epochs} epochs…",
                _ => DomainFeatures.Train(train, test, settings.Out!, settings.Epochs, settings.Seed, augment: new AugmentationOptions(),
                                          copies: settings.Copies, task: SlicePositionTask.TaskName));
            AnsiConsole.MarkupLineInterpolated(
                $"{settings.Out}: held-out accuracy {accuracy:P1} on {test.Count} slices ({settings.Bins} axial bins, chance {1.0 / settings.Bins:P1}; {train.Count} training slices, the test slices' neighbours left out); use --features domain:{settings.Out}");
        }
        return 0;
    }
}
