using System.Diagnostics;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Nn;
using TidyGan.Nn.Paired;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Experiments.LowDose;

/// <summary>
/// Training one arm on (low-dose, full-dose) patches of the training slab and applying it to whole test slices. All arms
/// see the same patches (drawn with the seed) through the one trainer, so they differ only in their networks and losses.
/// </summary>
public static class LowDoseArms
{
    private static readonly HounsfieldWindow Window = HounsfieldWindow.Full;

    /// <summary>Random square patches whose centre lies in the head (full-dose HU above −500), as [P, 2, S, S] in [−1, 1]:
    /// channel 0 the low-dose input, channel 1 the full-dose target (<see cref="PairedSet"/>'s layout).</summary>
    public static PairedSet Patches(LowDoseScan scan, LowDoseExperimentOptions options, double pixelSpacingMm, int seed)
    {
        int n = (int)scan.TrainFull.shape[0], rows = (int)scan.TrainFull.shape[2], cols = (int)scan.TrainFull.shape[3], size = options.PatchSize;
        var full = scan.TrainFull.reshape(-1).data<float>().ToArray();
        var random = new Random(seed);
        using var scope = NewDisposeScope();
        var picks = new List<Tensor>(options.Patches);
        for (int tries = 0; picks.Count < options.Patches; tries++)
        {
            if (tries > 100 * options.Patches) throw new InvalidOperationException($"only {picks.Count} of {options.Patches} patches found inside the head");
            int s = random.Next(n), r = random.Next(rows - size + 1), c = random.Next(cols - size + 1);
            if (full[(s * rows + r + size / 2) * cols + c + size / 2] <= Datasets.CtHeadThresholdHu) continue;
            picks.Add(cat([scan.TrainLow[s], scan.TrainFull[s]], 0).narrow(1, r, size).narrow(2, c, size));
        }
        var images = Window.ToNormalized(stack(picks)).contiguous().MoveToOuterDisposeScope();
        var pairs = new ImageSet { Name = "ct-head low-dose → full-dose patches", Images = images, Intensity = Window };
        return new PairedSet(pairs, Description("ct-head, simulated low dose", size, options.Patches), Description("ct-head, simulated full dose", size, options.Patches));
    }

    /// <summary>The network of one trained arm (the trainer's live generator, as every arm ends at the same step).</summary>
    public static IPairedModel Create(LowDoseArm arm, LowDoseExperimentOptions options, double pixelSpacingMm, ImageClassifier? features)
    {
        var size = options.PatchSize;
        var domains = new PairedDomains(Description("ct-head, simulated low dose", size, options.Patches),
            Description("ct-head, simulated full dose", size, options.Patches), size * pixelSpacingMm);
        var denoiser = DenoiserOptions.Cpu with { ImageSize = size, Width = options.DenoiserWidth };
        return arm switch
        {
            LowDoseArm.Mse => new DenoiserMse(new DenoiserConfig(denoiser with { Arm = DenoiserArm.Mse }, domains)),
            LowDoseArm.Adversarial => new DenoiserAdversarial(new DenoiserConfig(denoiser with { Arm = DenoiserArm.Adversarial }, domains)),
            LowDoseArm.WganPerceptual => new DenoiserWganPerceptual(new DenoiserConfig(denoiser with { Arm = DenoiserArm.WganPerceptual }, domains),
                features ?? throw new ArgumentException("the wgan-perceptual arm needs a CT feature network (--features DIR from `tidygan features train --data ct-head`)")),
            LowDoseArm.Pix2Pix => new Pix2Pix(new Pix2PixConfig(Pix2PixOptions.Cpu with { ImageSize = size }, domains)),
            _ => throw new ArgumentException($"{arm} is not a trained arm"),
        };
    }

    /// <summary>Trains <paramref name="model"/> on the patches into <paramref name="folder"/>; false when cancelled first.</summary>
    public static bool Train(IPairedModel model, PairedSet patches, LowDoseExperimentOptions options, int seed, string folder,
        Action<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var trainer = TrainerOptions.Cpu with
        {
            Steps = options.Steps, BatchSize = options.BatchSize, Seed = seed, SampleGrids = false,
            CheckpointEvery = (int)Math.Max(1, options.Steps / 2), Augmentation = AugmentationOptions.None,
        };
        using var run = new Trainer(model, patches.Pairs, patches.Target, trainer, folder);
        if (progress is not null) run.Progress += progress;
        return run.Run(cancellation).Completed;
    }

    /// <summary>Denoises whole test slices [N, 1, H, W] in HU with a trained translator (eval mode, no gradients), in
    /// batches of 4; returns HU and the seconds it took.</summary>
    public static (Tensor Hu, double Seconds) Apply(nn.Module<Tensor, Tensor> translator, Tensor lowHu)
    {
        var clock = Stopwatch.StartNew();
        translator.eval();
        using var noGrad = no_grad();
        var outputs = new List<Tensor>();
        using var scope = NewDisposeScope();
        for (long start = 0; start < lowHu.shape[0]; start += 4)
        {
            var batch = lowHu.narrow(0, start, Math.Min(4, lowHu.shape[0] - start));
            outputs.Add(Window.ToPhysical(translator.call(Window.ToNormalized(batch))));
        }
        var result = cat(outputs, 0).MoveToOuterDisposeScope();
        return (result, clock.Elapsed.TotalSeconds);
    }

    private static DataDescription Description(string name, int size, int count) =>
        new(name, size, 1, [], Window.Unit, Window.Lower, Window.Upper, Count: count);
}
