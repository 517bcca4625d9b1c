using TidyGan.Data;
using TidyGan.Metrics;
using TidyGan.Metrics.Features;
using TorchSharp;

namespace TidyGan.Tests.Metrics.Features;

/// <summary>The self-supervised labels for volume slices, and the even/odd sources for a one-volume floor.</summary>
public sealed class SlicePositionTaskTests
{
    private static ImageSet Slices(int n) => new()
    {
        Name = "test-volume",
        Images = torch.arange(n, dtype: torch.float32).reshape(n, 1, 1, 1).expand(n, 1, 8, 8).contiguous(),   // image i holds the value i
        Intensity = IdentityScaling.Byte,
    };

    [Fact]
    public void LabelsAreEqualAxialBinsAndTestSlicesHaveNoTrainingNeighbour()
    {
        using var slices = Slices(60);
        var (train, test) = SlicePositionTask.Split(slices, bins: 6);
        using (train)
        using (test)
        {
            int[] Index(ImageSet s) => s.Images[.., 0, 0, 0].data<float>().Select(v => (int)v).ToArray();
            var trainRows = Index(train);
            var testRows = Index(test);
            Assert.Equal(Enumerable.Range(0, 60).Where(i => i % 6 == 3), testRows);
            Assert.Equal(30, trainRows.Length);
            Assert.All(testRows, t => Assert.DoesNotContain(trainRows, r => Math.Abs(r - t) <= 1));
            // slice i of 60 in 6 bins: label i / 10
            Assert.Equal(testRows.Select(i => (long)(i / 10)), test.Labels!.data<long>().ToArray());
            Assert.Equal(trainRows.Select(i => (long)(i / 10)), train.Labels!.data<long>().ToArray());
            Assert.Equal(6, train.ClassCount);
            Assert.Equal("axial 0–16%", train.ClassNames[0]);
        }
    }

    [Fact]
    public void TooFewSlicesForTheBinsIsAClearError()
    {
        using var slices = Slices(20);
        var e = Assert.Throws<ArgumentException>(() => SlicePositionTask.Split(slices, bins: 6));
        Assert.Contains("--bins", e.Message);
    }

    [Fact]
    public void EvenAndOddSourcesSplitADatasetIntoAlternateImages()
    {
        var (all, _) = ImageSource.Load("fashion-mnist:test", 10, null, 0);
        var (even, evenText) = ImageSource.Load("fashion-mnist:test:even", 3, null, 0);
        var (odd, _) = ImageSource.Load("fashion-mnist:test:odd", 3, null, 0);
        using (all)
        using (even)
        using (odd)
        {
            Assert.Equal(3, even.shape[0]);
            Assert.True(even.eq(all.index_select(0, torch.tensor(new long[] { 0, 2, 4 }))).all().item<bool>());
            Assert.True(odd.eq(all.index_select(0, torch.tensor(new long[] { 1, 3, 5 }))).all().item<bool>());
            Assert.Contains("even", evenText);
        }
    }
}
