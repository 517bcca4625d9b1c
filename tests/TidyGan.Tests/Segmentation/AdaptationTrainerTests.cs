using TidyGan.Data;
using TidyGan.Nn.Segmentation;
using TidyGan.Reports;
using TidyGan.Gans;
using TidyGan.Segmentation;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Tests.Segmentation;

/// <summary>The adversarial segmenter inside the one trainer, on tiny synthetic slices (no real data).</summary>
[Collection(GlobalRandomState.Name)]
public class AdaptationTrainerTests
{
    private static (ImageSet Source, ImageSet Target) TinyDomains()
    {
        torch.manual_seed(11);
        var labels = randint(0, HeadLabels.Count, [8, 16, 16]);
        var source = labels.to_type(float32).sub(1).unsqueeze(1);          // labels as intensities −1, 0, 1
        var target = source.neg().add(randn([8, 1, 16, 16]).mul(0.1));    // the "inverted contrast" domain
        var intensity = new PercentileScaling(-1, 1);
        return (new ImageSet { Name = "s", Images = source, Labels = labels, Intensity = intensity },
                new ImageSet { Name = "t", Images = target, Intensity = intensity });
    }

    [Theory]
    [InlineData(AdversarialUpdate.Alternating, SegmenterObjective.Flipped)]
    [InlineData(AdversarialUpdate.Alternating, SegmenterObjective.Minimax)]
    [InlineData(AdversarialUpdate.GradientReversal, SegmenterObjective.Minimax)]
    public void TrainerFeedsTargetBatchesAndFollowsTheRampThroughAResume(AdversarialUpdate update, SegmenterObjective objective)
    {
        var (source, target) = TinyDomains();
        using var s = source;
        using var t = target;
        var model = new UNet2dOptions(ImageSize: 16, Width: 4, Depth: 2);
        var adaptation = new AdaptationOptions(["enc1", "bottleneck", "dec1"], Alpha: 0.2, RampStart: 1, RampEnd: 5, Update: update, DiscriminatorWidth: 8, Objective: objective);
        var config = new SegmentationConfig(model, HeadDomainOptions.Cpu, "s", "t", adaptation);
        var options = SegmentationTraining.Cpu with { Steps = 6, BatchSize = 4, LogEvery = 1, CheckpointEvery = 3 };
        using var dir = new TempDirectory();
        var description = new DataDescription("s", 16, 1, HeadLabels.Names, "normalised", -1, 1);
        var discriminatorBefore = new AdversarialSegmenter(config).DomainDiscriminator.parameters().First().clone();

        using (var first = new AdversarialSegmenter(config))
        using (var trainer = new Trainer(first, s, description, options with { Steps = 3 }, dir.Path, t))
            trainer.Run();
        using (var second = new AdversarialSegmenter(config))
        using (var trainer = new Trainer(second, s, description, options, dir.Path, t))
        {
            trainer.LoadCheckpoint(Checkpoint.Resolve(dir.Path));
            trainer.Run();
            Assert.False(second.DomainDiscriminator.parameters().First().allclose(discriminatorBefore), "the discriminator was trained");
        }

        var log = ScalarLog.Read(Path.Combine(dir.Path, "scalars.csv"));
        var alpha = log.Single(x => x.Name == "adversarial/alpha").Points;
        Assert.Equal(Enumerable.Range(1, 6).Select(k => (long)k), alpha.Select(p => p.Step).Order());
        foreach (var (step, value) in alpha) Assert.Equal(adaptation.Weight(step), value, 6);   // continued across the resume at step 3
        Assert.Contains(log, x => x.Name == "domain/accuracy");
        Assert.All(log.Single(x => x.Name == "loss/segmentation").Points, p => Assert.True(double.IsFinite(p.Value)));
    }

    [Fact]
    public void GradientReversalNeedsTheMinimaxObjective()
    {
        var options = new AdaptationOptions(["bottleneck"], Update: AdversarialUpdate.GradientReversal, Objective: SegmenterObjective.Flipped);
        Assert.Contains("minimax", Assert.Throws<ArgumentException>(options.Validate).Message);
    }
}
