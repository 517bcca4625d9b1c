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
        var a = new BatchSampler(images, 8, seed: 5, flip: false, torch.CPU);
        var b = new BatchSampler(images, 8, seed: 5, flip: false, torch.CPU);
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
        var error = Assert.Throws<ArgumentException>(() => new BatchSampler(images, 8, 0, false, torch.CPU));
        Assert.Contains("fewer than the batch size 8", error.Message);
    }
}
