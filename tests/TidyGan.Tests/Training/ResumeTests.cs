using TidyGan.Data;
using TidyGan.Losses;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Tests.Training;

[Collection(GlobalRandomState.Name)]
public class ResumeTests
{
    /// <summary>2×N steps in one go and N + resume + N give identical weights, optimiser moments included.</summary>
    [Theory]
    [InlineData("dcgan", AdversarialLossKind.NonSaturating, false, 1)]
    [InlineData("dcgan", AdversarialLossKind.WassersteinGp, true, 2)]   // the penalty's random interpolation, EMA, n_critic
    [InlineData("cgan", AdversarialLossKind.Hinge, true, 1)]
    public void ResumingContinuesBitForBit(string kind, AdversarialLossKind loss, bool ema, int critic)
    {
        const int n = 3;
        using var images = TinyData.Images(48, kind == "cgan" ? 3 : 0);
        var options = TinyData.Options(2 * n) with { EmaDecay = ema ? 0.9 : null, CheckpointEvery = n, Augmentation = new AugmentationOptions() };
        using var dir = new TempDirectory();

        var straight = Path.Combine(dir.Path, "straight");
        using var once = TinyData.Gan(kind, loss, criticSteps: critic);
        using (var trainer = new Trainer(once, images, TinyData.Describe(images), options, straight)) trainer.Run();

        var stopped = Path.Combine(dir.Path, "stopped");
        using (var first = TinyData.Gan(kind, loss, criticSteps: critic))
        using (var trainer = new Trainer(first, images, TinyData.Describe(images), options with { Steps = n }, stopped))
            trainer.Run();
        using var resumed = TinyData.Gan(kind, loss, criticSteps: critic);
        using (var trainer = new Trainer(resumed, images, TinyData.Describe(images), options, stopped))
        {
            trainer.LoadCheckpoint(Checkpoint.Resolve(stopped));
            Assert.Equal(n, trainer.Step);
            trainer.Run();
        }

        AssertSameState(once.Generator, resumed.Generator);
        AssertSameState(once.Discriminator, resumed.Discriminator);
        var csv = File.ReadAllLines(Path.Combine(stopped, ScalarLogger.CsvName)).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "loss/generator").ToList();
        Assert.Equal(Enumerable.Range(1, 2 * n).Select(s => s.ToString()), csv.Select(f => f[0]));   // each step logged once
    }

    [Fact]
    public void DifferentSeedsGiveDifferentWeights()
    {
        // Guards the test above against passing because training does nothing.
        using var images = TinyData.Images();
        using var dir = new TempDirectory();
        using var a = TinyData.Gan("dcgan");
        using var b = TinyData.Gan("dcgan");
        using (var t = new Trainer(a, images, TinyData.Describe(images), TinyData.Options(2), Path.Combine(dir.Path, "a"))) t.Run();
        using (var t = new Trainer(b, images, TinyData.Describe(images), TinyData.Options(2) with { Seed = 4 }, Path.Combine(dir.Path, "b"))) t.Run();
        Assert.Contains(a.Generator.state_dict(), p => !p.Value.equal(b.Generator.state_dict()[p.Key]).all().item<bool>());
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
