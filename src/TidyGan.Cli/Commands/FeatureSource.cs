using Spectre.Console;
using TidyGan.IO;
using TidyGan.Metrics;
using TidyGan.Metrics.Features;
using TorchSharp;

namespace TidyGan.Cli.Commands;

/// <summary>Features of a SRC: read from a .npy matrix, or images loaded (or sampled) and run through the extractor with a progress bar.</summary>
internal static class FeatureSource
{
    public static (torch.Tensor Features, string Description) Load(string source, IFeatureExtractor? extractor, int? count, int? size, int seed, TidyGan.Data.CohortSplitRule? split = null)
    {
        if (source.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            var matrix = Npy.ReadTensor(source);
            if (count is { } n && n < matrix.shape[0]) matrix = matrix.narrow(0, 0, n);
            return (matrix, $"{matrix.shape[0]} × {matrix.shape[1]} features from {source}");
        }
        if (extractor is null) throw new ArgumentException("both sides must be .npy features, or neither");
        var (images, description) = AnsiConsole.Status().Start($"Loading {source}…", _ => ImageSource.Load(source, count, size, seed, split));
        using (images)
        {
            torch.Tensor features = null!;
            AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"{extractor.Name} features of {source}", maxValue: images.shape[0]);
                    features = extractor.Extract(images, new Progress<int>(done => task.Value = done));
                    task.Value = task.MaxValue;
                });
            return (features, description);
        }
    }
}
