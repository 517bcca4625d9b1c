using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TidyGan.Tests.Paired;

/// <summary>The MSE arm learns on real pairs: head-CT slices with added noise (input) and without (target).</summary>
[Collection(GlobalRandomState.Name)]
public class DenoiserLearnsTests(ITestOutputHelper output)
{
    internal const double NoiseHu = 150;
    private const int Steps = 80;

    /// <summary>After a few steps RED-CNN's output is closer to the clean slices than its noisy input is (PSNR over the [−1, 1]
    /// range), on slices held out from training (every 4th). The noise, N(0, σ²) with σ = 0.1 (≈ 200 HU), is added to the
    /// 48 px slices themselves, so the slices' antialiased resize does not average it away.</summary>
    [Trait(Traits.Category, Traits.Slow)]
    [Fact]
    public void MseArmRaisesPsnrOverTheNoisyInput()
    {
        using var clean = Datasets.Load("ct-head", UnpairedSlices.Options(48, 240, null));
        using var random = new Generator(5);
        var y = clean.Images;
        var x = (y + randn(y.shape, generator: random) * 0.1f).clamp(-1, 1);
        var all = cat([x, y], 1);
        var heldOut = arange(3, all.shape[0], 4);
        var kept = tensor(Enumerable.Range(0, (int)all.shape[0]).Where(i => i % 4 != 3).Select(i => (long)i).ToArray());
        using var train = new ImageSet { Name = "ct-head+noise → ct-head", Images = all.index_select(0, kept), Intensity = clean.Intensity };
        using var test = all.index_select(0, heldOut);

        var description = DataDescription.Of(clean, "ct-head");
        // A higher rate than Chen 2017's 1e-4, so a few dozen steps show it.
        var config = new DenoiserConfig(DenoiserOptions.Cpu with { ImageSize = 48, Width = 16 }, new PairedDomains(description, description, 240)) { Adam = new AdamOptions(1e-3, 0.9, 0.999) };
        manual_seed(1);
        using var gan = config.Create();
        var options = new TrainerOptions { Steps = Steps, BatchSize = 8, LogEvery = 10, CheckpointEvery = 10_000, SampleGrids = false, Seed = 1 };
        using var dir = new TempDirectory();
        using (var trainer = new Trainer(gan, train, description, options, dir.Path)) trainer.Run();

        gan.Generator.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (noisy, target) = (test.narrow(1, 0, 1), test.narrow(1, 1, 1));
        double before = Psnr(noisy, target), after = Psnr(gan.Translator.call(noisy), target);
        output.WriteLine($"held-out PSNR: noisy input {before:F2} dB, RED-CNN (MSE) after {Steps} steps {after:F2} dB");
        Assert.True(after > before + 2, $"PSNR {before:F2} dB (noisy input) → {after:F2} dB (denoised) after {Steps} steps");
    }

    private static double Psnr(Tensor a, Tensor b) => 10 * Math.Log10(4 / (a - b).square().mean().item<float>());
}
