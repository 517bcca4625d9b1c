using System.Diagnostics;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Bench;

/// <summary>
/// The product's own DC-GAN training step: the one <see cref="Trainer"/> running <see cref="DcGan"/> with the
/// non-saturating loss, Adam lr 2e-4, β1 0.5 — the step pytorch/examples runs (D on a real batch and on
/// G(z) detached; then G through D(G(z)), reusing that G(z)). The "real" data is one fixed uniform batch,
/// so no data loading is timed. Times are taken between the trainer's per-step progress events.
/// </summary>
internal static class TidyGanStep
{
    public static (StepTimes Times, float LossD, float LossG, long ParamsG, long ParamsD) Run(BenchConfig config, BenchSettings settings)
    {
        var o = config.Model;
        torch.manual_seed(settings.Seed);
        using var gan = new DcGan(new DcGanConfig(o, AdversarialLossKind.NonSaturating));
        using var images = new ImageSet
        {
            Name = "uniform",
            Images = (rand(config.Batch, o.Channels, o.ImageSize, o.ImageSize) * 2 - 1).DetachFromDisposeScope(),
            Intensity = IdentityScaling.Byte,
        };
        var folder = Path.Combine(Path.GetTempPath(), $"tidygan-bench-{Environment.ProcessId}");
        var options = new TrainerOptions
        {
            Steps = settings.Warmup + settings.Steps + 1,   // the last step also writes a grid and a checkpoint: not timed
            BatchSize = config.Batch, Seed = settings.Seed, GridSamples = 4,
            LogEvery = int.MaxValue, SampleEvery = int.MaxValue, CheckpointEvery = int.MaxValue,
        };
        var times = new List<double>(settings.Steps);
        float lossD = 0, lossG = 0;
        try
        {
            using var trainer = new Trainer(gan, images, DataDescription.Of(images, images.Name), options, folder);
            long last = Stopwatch.GetTimestamp();
            trainer.Progress += p =>
            {
                long now = Stopwatch.GetTimestamp();
                if (p.Step > settings.Warmup && p.Step <= settings.Warmup + settings.Steps)
                {
                    times.Add(Stopwatch.GetElapsedTime(last, now).TotalMilliseconds);
                    (lossD, lossG) = ((float)(p.Losses.Discriminator ?? 0), (float)p.Losses.Generator);
                }
                last = Stopwatch.GetTimestamp();
            };
            trainer.Run();
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
        return (new StepTimes(times), lossD, lossG,
            gan.Generator.parameters().Sum(p => p.numel()), gan.Discriminator.parameters().Sum(p => p.numel()));
    }
}
