using TidyGan.Data;
using TidyGan.Tests.Training;

namespace TidyGan.Tests.Synthetic;

public class ImbalanceSamplerTests
{
    // 10 classes × 600 images, like Fashion-MNIST's 6000 per class scaled down; labels interleaved.
    private static readonly long[] Labels = Enumerable.Range(0, 6000).Select(i => (long)(i % 10)).ToArray();

    [Theory]
    [InlineData(0.01, 6)]
    [InlineData(0.05, 30)]
    [InlineData(0.001, 1)]                  // round(0.6) = 1, and never fewer than one image
    [InlineData(0.0001, 1)]                 // round(0.06) = 0 → kept at one
    public void KeepsTheStatedCountOfEachMinorityClassAndAllOfTheOthers(double fraction, int expected)
    {
        var keep = ImbalanceSampler.Keep(Labels, 10, new ImbalanceSpec([2, 4, 6], fraction, Seed: 1));
        var counts = new int[10];
        foreach (var i in keep) counts[Labels[i]]++;
        Assert.Equal(new[] { 600, 600, expected, 600, expected, 600, expected, 600, 600, 600 }, counts);
        Assert.Equal(keep.Order().ToArray(), keep);                  // ascending, no duplicates
        Assert.Equal(keep.Length, keep.Distinct().Count());
    }

    [Fact]
    public void SameSeedSameImagesOtherSeedOtherImages()
    {
        int[] Minority(int seed) => ImbalanceSampler.Keep(Labels, 10, new ImbalanceSpec([2, 4, 6], 0.05, seed)).Where(i => Labels[i] is 2 or 4 or 6).ToArray();
        Assert.Equal(Minority(1), Minority(1));
        Assert.NotEqual(Minority(1), Minority(2));
        Assert.NotEqual(Minority(2), Minority(3));
        // Different seeds share only about fraction² of the images by chance (30 of 600 drawn twice: ~1.5 expected per class).
        Assert.True(Minority(1).Intersect(Minority(2)).Count() < 20);
    }

    [Fact]
    public void ApplyLeavesTheInputUntouchedAndKeepsImagesWithTheirLabels()
    {
        using var images = TinyData.Images(count: 200, classes: 4);
        using var before = images.Images.clone();
        using var subset = ImbalanceSampler.Apply(images, new ImbalanceSpec([1], 0.1, Seed: 3));
        Assert.True(images.Images.eq(before).all().item<bool>());
        Assert.Equal(200, images.Count);
        Assert.Equal(new[] { 50, 5, 50, 50 }, ImbalanceSampler.Counts(subset.Labels!, 4));
        // Every kept image is one of the input images of the same label.
        for (int i = 0; i < subset.Count; i++)
        {
            long label = subset.Labels![i].item<long>();
            using var matches = images.Images.sub(subset.Images[i]).abs().flatten(1).amax(1).eq(0).nonzero().flatten();
            Assert.Equal(1, matches.shape[0]);
            Assert.Equal(label, images.Labels![matches[0].item<long>()].item<long>());
        }
    }

    [Theory]
    [InlineData(new[] { 2, 2 }, "twice")]
    [InlineData(new[] { 10 }, "not in 0")]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, "majority")]
    public void BadSpecificationsAreNamed(int[] minority, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ImbalanceSampler.Keep(Labels, 10, new ImbalanceSpec(minority, 0.01, 1)));
        Assert.Contains(message, error.Message);
    }
}
