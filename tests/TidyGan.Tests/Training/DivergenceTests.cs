using TidyGan.Gans;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Tests.Training;

public class DivergenceTests
{
    /// <summary>A GAN whose generator loss turns NaN at a chosen step.</summary>
    private sealed class PoisonedGan(IGan inner, long poisonAt) : IGan
    {
        private long calls;
        public IModelOptions Options => inner.Options;
        public nn.Module Generator => inner.Generator;
        public nn.Module Discriminator => inner.Discriminator;
        public IReadOnlyList<NamedOptimizer> Optimizers => inner.Optimizers;
        public nn.Module CreateGenerator() => inner.CreateGenerator();
        public StepLosses Step(StepContext context)
        {
            var losses = inner.Step(context);
            return ++calls == poisonAt ? losses with { Generator = losses.Generator * double.NaN } : losses;
        }
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void NaNLossStopsTheRunAndKeepsTheLastGoodCheckpoint()
    {
        using var images = TinyData.Images();
        using var dir = new TempDirectory();
        using var gan = new PoisonedGan(TinyData.Gan("dcgan"), poisonAt: 5);
        using var trainer = new Trainer(gan, images, TinyData.Describe(images), TinyData.Options(10) with { CheckpointEvery = 2 }, dir.Path);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run());

        Assert.Equal(5, error.Step);
        Assert.Contains("generator loss is NaN", error.Message);
        Assert.Contains("step-0000004", error.Message);
        var last = Checkpoint.Resolve(dir.Path);
        Assert.Equal(4, Checkpoint.ReadManifest(last).Step);     // intact: hashes still match
        using var check = TinyData.Gan("dcgan");
        Checkpoint.LoadModule(check.Generator, Path.Combine(last, Checkpoint.GeneratorFile));
        Assert.All(check.Generator.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }
}
