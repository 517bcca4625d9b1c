using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Nn.CycleGan;
using TidyGan.Training;
using TidyGan.Tests.Training;
using static TorchSharp.torch;

namespace TidyGan.Tests.CycleGan;

[Collection(GlobalRandomState.Name)]
public class CycleLossTests
{
    [Fact]
    public void CycleAndIdentityAreWeightedMeanAbsoluteErrors()
    {
        using var scope = NewDisposeScope();
        var original = tensor(new float[] { 0, 0, 1, -1 });
        var back = tensor(new float[] { 1, 2, 3, 4 });
        // |1| + |2| + |2| + |5| = 10, mean 2.5
        Assert.Equal(25.0, CycleConsistency.Cycle(back, original, 10).item<float>(), 5);
        Assert.Equal(12.5, CycleConsistency.Identity(back, original, 5).item<float>(), 5);
        Assert.Equal(0.0, CycleConsistency.Cycle(original, original, 10).item<float>(), 6);
    }

    internal static CycleGanConfig TinyConfig(int poolSize = 0, AdversarialLossKind loss = AdversarialLossKind.LeastSquares) => new(
        new CycleGanOptions { ImageSize = 32, Generator = CycleGeneratorKind.ResNet6, GeneratorWidth = 4, DiscriminatorWidth = 4, DiscriminatorLayers = 2, PoolSize = poolSize },
        loss,
        new DataDescription("mr", 32, 1, [], "a.u.", 0, 100),
        new DataDescription("ct", 32, 1, [], "HU", -1024, 3071),
        FieldOfViewMm: 200);

    internal static ImageSet Domain(string name, int seed, int count = 8)
    {
        using var random = new Generator((ulong)seed);
        return new ImageSet { Name = name, Images = (rand([count, 1, 32, 32], generator: random) * 2 - 1).DetachFromDisposeScope(), Intensity = new IdentityScaling() };
    }

    /// <summary>The step's losses recomputed by hand from the reference's formulas (LSGAN as MSE, λ = 10, identity 0.5·λ).</summary>
    [Fact]
    public void StepLossesAreTheReferenceObjective()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var gan = new Gans.CycleGan(TinyConfig() with { Adam = new AdamOptions(1e-30) });   // Adam steps too small to move D: both losses see the same networks
        var a = rand(2, 1, 32, 32) * 2 - 1;
        var b = rand(2, 1, 32, 32) * 2 - 1;
        var batch = new Batch(a, null) { SecondDomain = new Batch(b, null) };
        var (G, F, DA, DB) = (gan.Generators.AToB, gan.Generators.BToA, gan.Discriminators.JudgeA, gan.Discriminators.JudgeB);
        double expectedD, expectedG;
        using (no_grad())
        {
            var ab = G.call(a);
            var ba = F.call(b);
            expectedD = (0.5 * (DB.call(b) - 1).square().mean() + 0.5 * DB.call(ab).square().mean()
                       + 0.5 * (DA.call(a) - 1).square().mean() + 0.5 * DA.call(ba).square().mean()).item<float>();
            expectedG = ((DB.call(ab) - 1).square().mean() + (DA.call(ba) - 1).square().mean()
                       + 10 * (F.call(ab) - a).abs().mean() + 10 * (G.call(ba) - b).abs().mean()
                       + 5 * (G.call(b) - b).abs().mean() + 5 * (F.call(a) - a).abs().mean()).item<float>();
        }
        using var random = new Generator(1);
        var losses = gan.Step(new StepContext(1, 1, random, _ => batch));
        Assert.Equal(expectedD, losses.Discriminator!.item<float>(), 4);
        Assert.Equal(expectedG, losses.Generator.item<float>(), 4);
        var generatorTerms = losses.Diagnostics.Where(t => !t.Name.StartsWith("loss/discriminator", StringComparison.Ordinal));
        Assert.Equal(losses.Generator.item<float>(), generatorTerms.Sum(t => t.Value.item<float>()), 4);   // the logged terms add up
        Assert.All(gan.Discriminators.parameters(), p => Assert.False(p.requires_grad));       // D frozen for G's half
    }

    /// <summary>A stopped and resumed Cycle-GAN run ends with the same weights and pools as an uninterrupted one.</summary>
    [Fact]
    public void ResumingContinuesBitForBit()
    {
        using var a = Domain("a", 1);
        using var b = Domain("b", 2, 6);
        var options = new TrainerOptions
        {
            Steps = 4, BatchSize = 2, CheckpointEvery = 2, SampleEvery = 1000, LogEvery = 1, GridSamples = 6, Seed = 5,
            Augmentation = new AugmentationOptions(),   // constant LR: a run stopped at step 2 of 2 would have decayed differently
        };
        using var dir = new TempDirectory();
        Gans.CycleGan Create() { manual_seed(9); return new Gans.CycleGan(TinyConfig(poolSize: 3), a, b); }

        using var once = Create();
        using (var t = new Trainer(once, a, TinyData.Describe(a), options, Path.Combine(dir.Path, "once"), b)) t.Run();
        var stopped = Path.Combine(dir.Path, "stopped");
        using (var first = Create())
        using (var t = new Trainer(first, a, TinyData.Describe(a), options with { Steps = 2 }, stopped, b)) t.Run();
        using var resumed = Create();
        using (var t = new Trainer(resumed, a, TinyData.Describe(a), options, stopped, b))
        {
            t.LoadCheckpoint(Checkpoint.Resolve(stopped));
            t.Run();
        }
        foreach (var (x, y) in new[] { (once.Generator, resumed.Generator), (once.Discriminator, resumed.Discriminator) })
        {
            var want = x.state_dict();
            var got = y.state_dict();
            Assert.Equal(want.Keys.Order(), got.Keys.Order());
            foreach (var (name, value) in want) Assert.True(value.equal(got[name]).all().item<bool>(), $"'{name}' differs after resume");
        }
        Assert.Equal(3, once.Discriminators.PoolA.Count);
        Assert.True(File.Exists(Path.Combine(dir.Path, "once", "samples", "step-0000004.png")));
    }
}
