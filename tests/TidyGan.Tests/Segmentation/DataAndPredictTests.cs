using TidyGan.Data;
using TidyGan.Metrics.ImageMetrics;
using TidyGan.Segmentation;
using static TorchSharp.torch;

namespace TidyGan.Tests.Segmentation;

public class DataAndPredictTests
{
    [Fact]
    public void SimulatedContrastIsDeterministicPerSeedAndReversesTheBrainTissueOrder()
    {
        var (t1, head, brain, _) = Phantom.Head();
        var a = ContrastSimulation.Simulate(t1, head, brain, seed: 7);
        var b = ContrastSimulation.Simulate(t1, head, brain, seed: 7);
        var c = ContrastSimulation.Simulate(t1, head, brain, seed: 8);
        Assert.Equal(a.Voxels, b.Voxels);
        Assert.NotEqual(a.Voxels, c.Voxels);
        Assert.Equal(t1.Shape, a.Shape);
        Assert.Equal(t1.Affine, a.Affine);

        // Mean simulated value per T1 tissue, away from the blurred slab ends: T1 CSF < GM < WM becomes WM < GM < CSF.
        double Mean(float value) => Enumerable.Range(0, t1.Voxels.Length).Where(i => t1.Voxels[i] == value).Average(i => a.Voxels[i]);
        double csf = Mean(150), grey = Mean(600), white = Mean(800), scalp = Mean(300);
        Assert.True(white < grey && grey < csf, $"WM {white:F3}, GM {grey:F3}, CSF {csf:F3}");
        Assert.True(scalp < grey, $"scalp {scalp:F3} (muscle-like) should be darker than grey matter {grey:F3}");
        Assert.All(Enumerable.Range(0, head.Length).Where(i => !head[i]), i => Assert.Equal(0f, a.Voxels[i]));

        using var images = rand([3, 1, 16, 16]).mul(2).sub(1);
        using var d1 = ContrastSimulation.Degrade(images, 3);
        using var d2 = ContrastSimulation.Degrade(images, 3);
        using var d3 = ContrastSimulation.Degrade(images, 4);
        Assert.True(d1.eq(d2).all().item<bool>());
        Assert.False(d1.eq(d3).all().item<bool>());
    }

    [Fact]
    public void KMeansFindsTheCentresOfThreeSeparatedGroups()
    {
        var values = Enumerable.Repeat(10f, 100).Concat(Enumerable.Repeat(50f, 50)).Concat(Enumerable.Repeat(90f, 30)).ToArray();
        Assert.Equal([10.0, 50.0, 90.0], ContrastSimulation.KMeans1D(values, 3).Select(c => Math.Round(c, 6)));
    }

    /// <summary>
    /// The geometry of `segment predict`: slices cut onto the network grid and resampled back must land where they came
    /// from. Feeding the reference labels (as one-hot "probabilities" on the grid) through the same path must give the
    /// phantom's own label volume back (Dice ≥ 0.9 per class despite the 64-px grid), with the input's shape and affine.
    /// </summary>
    [Fact]
    public void PredictionIsResampledBackOntoTheInputGridInPlace()
    {
        var (volume, head, _, labels) = Phantom.Head();
        const double fov = 90;
        const int size = 32;
        var output = VolumeSegmenter.Segment(volume, fov, size, set =>
        {
            using var reference = LabelledSlices.Build("phantom", volume, head, labels, set.SliceIndices, set.SliceIndices, fov, size, SliceNormalisation.Mr, 0);
            return nn.functional.one_hot(reference.Labels!, HeadLabels.Count).permute(0, 3, 1, 2).to_type(float32);
        });
        Assert.Equal(volume.Shape, output.Shape);
        Assert.Equal(volume.Affine, output.Affine);
        var predicted = output.Voxels.Select(v => (int)v).ToArray();
        foreach (var label in new[] { HeadLabels.Head, HeadLabels.Brain })
        {
            double dice = OverlapMetrics.Dice(labels, predicted, label);
            Assert.True(dice >= 0.9, $"label {label}: Dice {dice:F3} between the phantom and its round trip");
        }
        // A mirrored round trip would put the off-centre brain on the wrong side: check its centre of mass along x.
        double Centre(int[] map) => Enumerable.Range(0, map.Length).Where(i => map[i] == HeadLabels.Brain).Average(i => i % volume.Shape[0]);
        Assert.InRange(Centre(predicted), Centre(labels) - 1, Centre(labels) + 1);
    }
}
