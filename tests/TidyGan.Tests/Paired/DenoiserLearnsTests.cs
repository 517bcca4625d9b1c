using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Tests.Paired;

/// <summary>The MSE arm learns on real pairs: head-CT slices with added noise (input) and without (target).</summary>
[Collection(GlobalRandomState.Name)]
public class DenoiserLearnsTests
{
    internal const double NoiseHu = 150;

    /// <summary>After a few steps RED-CNN's output is closer to the clean slices than its noisy input is (PSNR over
    /// the [−1, 1] range), on slices held out from training (every 4th).</summary>
    [Fact]
    public void MseArmRaisesPsnrOverTheNoisyInput()
    {
        var (full, noisy) = PairedTestData.NoisyCranium(NoiseHu);
        using var pairs = PairedSlices.Build("noisy", noisy, "full", full, UnpairedSlices.Options(64, 240, null));
        var all = pairs.Pairs.Images;
        var heldOut = arange(3, all.shape[0], 4);
        var kept = tensor(Enumerable.Range(0, (int)all.shape[0]).Where(i => i % 4 != 3).Select(i => (long)i).ToArray());
        using var train = new ImageSet { Name = "train", Images = all.index_select(0, kept), Intensity = pairs.Pairs.Intensity };
        using var test = all.index_select(0, heldOut);

        var config = new DenoiserConfig(DenoiserOptions.Cpu with { Width = 16 }, new PairedDomains(pairs.Input, pairs.Target, 240));
        manual_seed(1);
        using var gan = config.Create();
        var options = new TrainerOptions { Steps = Steps, BatchSize = 8, LogEvery = 10, CheckpointEvery = 10_000, SampleGrids = false, Seed = 1 };
        using var dir = new TempDirectory();
        using (var trainer = new Trainer(gan, train, pairs.Target, options, dir.Path)) trainer.Run();

        gan.Generator.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (x, y) = (test.narrow(1, 0, 1), test.narrow(1, 1, 1));
        double before = Psnr(x, y), after = Psnr(gan.Translator.call(x), y);
        Assert.True(after > before + 1, $"PSNR {before:F2} dB (noisy input) → {after:F2} dB (denoised) after {Steps} steps");
    }

    internal const int Steps = 120;

    private static double Psnr(Tensor a, Tensor b) => 10 * Math.Log10(4 / (a - b).square().mean().item<float>());
}
