using TidyGan.IO;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Tests.Training;

public class ScheduleAndSamplerTests
{
    [Theory]
    [InlineData(LearningRateScheduleKind.Constant, 100, 1.0)]
    [InlineData(LearningRateScheduleKind.LinearDecay, 50, 1.0)]
    [InlineData(LearningRateScheduleKind.LinearDecay, 75, 0.5)]
    [InlineData(LearningRateScheduleKind.LinearDecay, 100, 0.0)]
    [InlineData(LearningRateScheduleKind.Cosine, 75, 0.5)]
    [InlineData(LearningRateScheduleKind.Cosine, 100, 0.0)]
    public void ScheduleFactor(LearningRateScheduleKind kind, long step, double expected) =>
        Assert.Equal(expected, new LearningRateSchedule(kind).Factor(step, 100), 9);

    [Fact]
    public void EveryImageOncePerEpochAndTheOrderIsAFunctionOfTheSeed()
    {
        using var images = TinyData.Images(count: 40);
        var a = new BatchSampler(images, 8, seed: 5, augmentation: null, torch.CPU);
        var b = new BatchSampler(images, 8, seed: 5, augmentation: null, torch.CPU);
        var seen = new List<float>();
        for (int i = 0; i < a.BatchesPerEpoch; i++)
        {
            var batch = a.Get(i);
            Assert.True(batch.Images.equal(b.Get(i).Images).all().item<bool>());
            seen.AddRange(batch.Images[.., 0, 0, 0].data<float>().ToArray());
        }
        var all = images.Images[.., 0, 0, 0].data<float>().ToArray();
        Assert.Equal(all.Order(), seen.Order());
        Assert.False(a.Get(0).Images.equal(a.Get(a.BatchesPerEpoch).Images).all().item<bool>());   // reshuffled next epoch
    }

    [Fact]
    public void BatchLargerThanDataIsAClearError()
    {
        using var images = TinyData.Images(count: 4);
        var error = Assert.Throws<ArgumentException>(() => new BatchSampler(images, 8, 0, null, torch.CPU));
        Assert.Contains("fewer than the batch size 8", error.Message);
    }
}

public class StableSeedTests
{
    /// <summary>
    /// Batch order and augmentation must be the same in every process (a resume runs in a new one), so
    /// seeds are derived with SplitMix64, not HashCode. Expected values from an independent Python
    /// reference (all mod 2^64): sm(z) = z += 0x9E3779B97F4A7C15; z = (z ^ z>>30)·0xBF58476D1CE4E5B9;
    /// z = (z ^ z>>27)·0x94D049BB133111EB; z ^ z>>31. mix(s, a, b) = sm(sm(sm(s) ^ a) ^ b) >> 33.
    /// </summary>
    [Theory]
    [InlineData(0, 0, 0, 297876190)]
    [InlineData(42, 7, 3, 2058297642)]
    [InlineData(-1, 5, 0, 1992277015)]
    public void MixMatchesSplitMix64(long seed, long a, long b, int expected) => Assert.Equal(expected, StableSeed.Mix(seed, a, b));
}
