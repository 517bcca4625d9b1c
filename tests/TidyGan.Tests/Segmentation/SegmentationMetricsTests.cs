using TidyGan.Losses;
using TidyGan.Segmentation;
using TidyGan.Gans;
using TidyGan.Data;
using static TorchSharp.torch;

namespace TidyGan.Tests.Segmentation;

public class SegmentationMetricsTests
{
    /// <summary>
    /// Two 8×8 slices: brain (label 2) identical in slice 0 and shifted 2 px right in slice 1; head (label 1) only in the
    /// reference of slice 1. Known values: brain Dice = 2·(16 + 8)/(32 + 32) = 0.75; HD95 slice 0 = 0, slice 1 = 5.0 mm at
    /// 2.5 mm pixels (scipy: surfaces by erosion, EDT, np.percentile 95 — the medpy recipe), mean 2.5 mm; head Dice 0 with
    /// one slice where only the reference has it.
    /// </summary>
    [Fact]
    public void DiceAndHd95PerClassMatchHandComputedValues()
    {
        var reference = zeros([2, 8, 8], int64);
        var predicted = zeros([2, 8, 8], int64);
        reference[0, TensorIndex.Slice(2, 6), TensorIndex.Slice(2, 6)] = tensor(2L);
        predicted[0, TensorIndex.Slice(2, 6), TensorIndex.Slice(2, 6)] = tensor(2L);
        reference[1, TensorIndex.Slice(2, 6), TensorIndex.Slice(2, 6)] = tensor(2L);
        predicted[1, TensorIndex.Slice(2, 6), TensorIndex.Slice(4, 8)] = tensor(2L);
        reference[1, 0, TensorIndex.Slice(0, 3)] = tensor(1L);

        var scores = SegmentationScores.Of(predicted, reference, 2.5);

        var brain = scores.Single(s => s.Label == HeadLabels.Brain);
        Assert.Equal(0.75, brain.Dice, 12);
        Assert.Equal(2.5, brain.Hd95Mm, 9);
        Assert.Equal(0, brain.MissedSlices);
        var head = scores.Single(s => s.Label == HeadLabels.Head);
        Assert.Equal(0.0, head.Dice, 12);
        Assert.True(double.IsNaN(head.Hd95Mm));
        Assert.Equal(1, head.MissedSlices);
    }

    [Fact]
    public void DiceCrossEntropyIsSmallForConfidentCorrectLogitsAndLargeForWrongOnes()
    {
        var labels = tensor(new long[] { 0, 1, 2, 2, 1, 0, 2, 1, 0 }, [1, 3, 3]);
        var right = nn.functional.one_hot(labels, 3).permute(0, 3, 1, 2).to_type(float32).mul(20);
        var wrong = nn.functional.one_hot((labels + 1) % 3, 3).permute(0, 3, 1, 2).to_type(float32).mul(20);
        var (good, goodCe, goodDice) = DiceCrossEntropy.Loss(right, labels);
        var (bad, _, badDice) = DiceCrossEntropy.Loss(wrong, labels);
        Assert.True(good.item<float>() < 1e-4, $"loss {good.item<float>()}");
        Assert.True(goodCe.item<float>() < 1e-6 && goodDice.item<float>() < 1e-4);
        Assert.True(badDice.item<float>() > 0.99, $"Dice loss of all-wrong labels {badDice.item<float>()}");
        Assert.True(bad.item<float>() > 20, $"loss {bad.item<float>()}");
        // Cross-entropy part equals the library's for random logits.
        var logits = randn([2, 3, 4, 4]);
        var y = randint(0, 3, [2, 4, 4]);
        var (_, ce, _) = DiceCrossEntropy.Loss(logits, y);
        Assert.Equal(nn.functional.cross_entropy(logits, y).item<float>(), ce.item<float>(), 5);
    }

    [Fact]
    public void SlabsAreDisjointInterleavedAndCoverEverySlice()
    {
        var slices = Enumerable.Range(10, 50).ToArray();
        var sets = SlabSplit.Split(slices, 8, 3);
        Assert.Equal(slices, sets.SelectMany(s => s).Order());
        Assert.Equal(slices.Length, sets.SelectMany(s => s).Distinct().Count());
        Assert.Equal(Enumerable.Range(10, 8), sets[0].Take(8));
        Assert.Equal(Enumerable.Range(18, 8), sets[1].Take(8));
        Assert.Equal(Enumerable.Range(34, 8), sets[0].Skip(8).Take(8));   // slab 3 goes back to set 0
        Assert.All(sets, s => Assert.True(s.Max() - s.Min() > 30, "every set spans the whole height"));
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(100, 0.0)]
    [InlineData(250, 0.05)]
    [InlineData(400, 0.1)]
    [InlineData(600, 0.1)]
    public void AdversarialWeightRampsLinearlyBetweenTheRampSteps(long step, double expected)
    {
        var options = new AdaptationOptions(["bottleneck"], Alpha: 0.1, RampStart: 100, RampEnd: 400);
        Assert.Equal(expected, options.Weight(step), 12);
    }
}
