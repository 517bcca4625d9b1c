using System.Diagnostics;
using TidyGan.Data;
using TidyGan.Metrics.Features;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TidyGan.Tests.Metrics.Features;

/// <summary>
/// The ImageNet ResNet18 from the ONNX package on real Fashion-MNIST images. ONNX graphs have no training
/// mode, so determinism here also shows the forgotten-eval() trap cannot happen.
/// </summary>
public class ResNet18ImageNetFeaturesTests(ITestOutputHelper output)
{
    [Fact]
    public void FeaturesOfRealImagesAreFiniteDeterministicAndDistinct()
    {
        using var set = Datasets.Load("fashion-mnist", new DatasetOptions(Size: 28, Train: false, Limit: 6));
        using var extractor = new ResNet18ImageNetFeatures();

        var clock = Stopwatch.StartNew();
        using var first = extractor.Extract(set.Images);
        output.WriteLine($"{extractor.Name} {extractor.Version}: {clock.Elapsed.TotalMilliseconds / set.Count:F1} ms per image");
        using var second = extractor.Extract(set.Images);

        Assert.Equal(new long[] { 6, 512 }, first.shape);
        Assert.Equal(float64, first.dtype);
        Assert.True(first.isfinite().all().item<bool>());
        Assert.True(first.allclose(second, rtol: 0, atol: 0), "two calls on the same images differ");
        using var norms = first.norm(1);
        Assert.True(norms.min().item<double>() > 0, "all-zero features");
        for (int i = 0; i < 6; i++)
            for (int j = i + 1; j < 6; j++)
            {
                using var distance = (first[i] - first[j]).norm();
                Assert.True(distance.item<double>() > 1e-3, $"images {i} and {j} have the same features");
            }
    }

    [Fact]
    public void FeaturesDoNotDependOnBatchCompositionOrGreyVersusReplicatedRgb()
    {
        using var set = Datasets.Load("fashion-mnist", new DatasetOptions(Size: 28, Train: false, Limit: 4));
        using var extractor = new ResNet18ImageNetFeatures();
        using var all = extractor.Extract(set.Images);
        using var last = extractor.Extract(set.Images.narrow(0, 3, 1));
        using var rgb = set.Images.expand(-1, 3, -1, -1).contiguous();
        using var fromRgb = extractor.Extract(rgb);
        Assert.True(all[3].allclose(last[0], rtol: 0, atol: 0));
        Assert.True(all.allclose(fromRgb, rtol: 0, atol: 0));
    }

    /// <summary>
    /// The batch dimension rewritten to symbolic (16 images per call) gives the features of the original
    /// batch-1 graphs, up to float32 rounding; also times both.
    /// </summary>
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void BatchedGraphsMatchImageByImage()
    {
        using var set = Datasets.Load("fashion-mnist", new DatasetOptions(Size: 28, Train: false, Limit: 40));
        using var batched = new ResNet18ImageNetFeatures();
        using var single = new ResNet18ImageNetFeatures(batched: false);
        Assert.Equal(16, batched.BatchSize);
        Assert.Equal(1, single.BatchSize);
        Assert.Equal(batched.Version, single.Version);
        using var warmA = batched.Extract(set.Images.narrow(0, 2, 2));
        using var warmB = single.Extract(set.Images.narrow(0, 2, 2));

        var clock = Stopwatch.StartNew();
        using var a = batched.Extract(set.Images);
        double batchedMs = clock.Elapsed.TotalMilliseconds / set.Count;
        clock.Restart();
        using var b = single.Extract(set.Images);
        double singleMs = clock.Elapsed.TotalMilliseconds / set.Count;
        using var difference = (a - b).abs().max();
        using var largest = b.abs().max();
        output.WriteLine($"per image: batched {batchedMs:F1} ms, one by one {singleMs:F1} ms; " +
            $"max |difference| {difference.item<double>():E2} (max |feature| {largest.item<double>():F2})");
        Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-4), $"batched features differ by up to {difference.item<double>():E2}");
    }

    [Fact]
    public void VersionHashesTheModelsAndStatesThePreprocessing()
    {
        using var extractor = new ResNet18ImageNetFeatures();
        Assert.Equal("resnet18-imagenet", extractor.Name);
        Assert.Equal(512, extractor.Dimension);
        Assert.Matches("^onnx-sha256:[0-9a-f]{16}/rgb255-grey3-resize224-bilinear-antialias$", extractor.Version);
    }

    [Fact]
    public void MissingModelFolderNamesTheFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tidygan-no-models-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<FileNotFoundException>(() => new ResNet18ImageNetFeatures(folder));
        Assert.Contains(Path.Combine(folder, "ResNetPrepOnnx", "ResNetPreprocess.onnx"), e.Message);
    }

    [Fact]
    public void DamagedModelIsNamed()
    {
        using var dir = new TempDirectory();
        foreach (var sub in new[] { "ResNetPrepOnnx/ResNetPreprocess.onnx", "ResNet18Onnx/ResNet18.onnx" })
        {
            var path = Path.Combine(dir.Path, sub);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "not an onnx model");
        }
        var e = Assert.Throws<InvalidDataException>(() => new ResNet18ImageNetFeatures(dir.Path));
        Assert.Contains("ResNetPreprocess.onnx", e.Message);
    }

    [Fact]
    public void RejectsOtherChannelCounts()
    {
        using var extractor = new ResNet18ImageNetFeatures();
        using var images = zeros(1, 2, 8, 8);
        Assert.Throws<ArgumentException>(() => extractor.Extract(images));
    }
}
