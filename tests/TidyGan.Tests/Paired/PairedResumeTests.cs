using TidyGan.Gans;
using TidyGan.Nn;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Tests.Paired;

/// <summary>Each new model kind through the one trainer: checkpoint, resume bit for bit, rebuild from the checkpoint alone.</summary>
[Collection(GlobalRandomState.Name)]
public class PairedResumeTests
{
    [Theory]
    [InlineData("pix2pix")]
    [InlineData("mse")]
    [InlineData("adversarial")]
    [InlineData("wgan-perceptual")]
    public void ResumingContinuesBitForBit(string kind)
    {
        const int n = 2;
        using var pairs = PairedTestData.RandomPairs(24, 32);
        using var features = new ImageClassifier(1, 2, 4);
        var options = new TrainerOptions { Steps = 2 * n, BatchSize = 4, LogEvery = 1, CheckpointEvery = n, SampleGrids = false, Seed = 3,
            Augmentation = new TidyGan.Data.AugmentationOptions() };
        var data = TidyGan.Data.DataDescription.Of(pairs, pairs.Name);
        using var dir = new TempDirectory();

        using var once = PairedTestData.Create(kind, pairs, features);
        using (var trainer = new Trainer(once, pairs, data, options, Path.Combine(dir.Path, "straight"))) trainer.Run();

        var stopped = Path.Combine(dir.Path, "stopped");
        using (var first = PairedTestData.Create(kind, pairs, features))
        using (var trainer = new Trainer(first, pairs, data, options with { Steps = n }, stopped))
            trainer.Run();
        using var resumed = PairedTestData.Create(kind, pairs, features);
        using (var trainer = new Trainer(resumed, pairs, data, options, stopped))
        {
            trainer.LoadCheckpoint(Checkpoint.Resolve(stopped));
            trainer.Run();
        }
        AssertSameState(once.Generator, resumed.Generator);
        AssertSameState(once.Discriminator, resumed.Discriminator);
        using var fresh = PairedTestData.Create(kind, pairs, features);
        Assert.Contains(fresh.Generator.state_dict(), p => !p.Value.equal(once.Generator.state_dict()[p.Key]).all().item<bool>());   // training moved G

        // The checkpoint alone rebuilds the model for `denoise` (the WGAN arm without its feature network).
        using var loaded = CheckpointLoader.Load<IPairedModel>(stopped);
        Assert.Equal(kind == "pix2pix" ? ModelKind.Pix2Pix : ModelKind.Denoiser, loaded.Manifest.Kind);
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 2, 1, 32, 32 }, loaded.Gan.Translator.call(zeros(2, 1, 32, 32)).shape);
    }

    private static void AssertSameState(nn.Module expected, nn.Module actual)
    {
        var want = expected.state_dict();
        var got = actual.state_dict();
        Assert.Equal(want.Keys.Order(), got.Keys.Order());
        foreach (var (name, tensor) in want)
            Assert.True(tensor.equal(got[name]).all().item<bool>(), $"'{name}' differs after resume");
    }
}
