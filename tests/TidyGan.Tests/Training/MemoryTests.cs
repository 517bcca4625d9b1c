using TidyGan.Losses;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Tests.Training;

public class MemoryTests
{
    /// <summary>One dispose scope per step: the number of live tensors stays flat while training (no leak per step).</summary>
    [Theory]
    [InlineData("dcgan", AdversarialLossKind.NonSaturating)]
    [InlineData("cgan", AdversarialLossKind.WassersteinGp)]
    public void LiveTensorsDoNotGrowWithSteps(string kind, AdversarialLossKind loss)
    {
        using var images = TinyData.Images(48, kind == "cgan" ? 3 : 0);
        using var dir = new TempDirectory();
        using var gan = TinyData.Gan(kind, loss);
        using var trainer = new Trainer(gan, images, TinyData.Describe(images), TinyData.Options(40) with { EmaDecay = 0.9, LogEvery = 5 }, dir.Path);
        var live = new Dictionary<long, long>();
        trainer.Progress += p => live[p.Step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        trainer.Run();
        Assert.True(live[10] > 0, "the statistics should count the model's own tensors");
        Assert.Equal(live[10], live[35]);
    }
}
