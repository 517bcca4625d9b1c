using TidyGan.Data;
using TorchSharp;

namespace TidyGan.Tests.Data;

public class DatasetsTests
{
    private static void AssertSane(ImageSet set, int size, int channels)
    {
        Assert.Equal(channels, set.Channels);
        Assert.Equal(size, set.Height);
        Assert.Equal(size, set.Width);
        Assert.Equal(torch.ScalarType.Float32, set.Images.dtype);
        Assert.True(set.Images.min().item<float>() >= -1f);
        Assert.True(set.Images.max().item<float>() <= 1f);
        Assert.True(set.Images.max().item<float>() > set.Images.min().item<float>() + 0.5f, "images are nearly constant");
        Dump(set);
    }

    /// <summary>With TIDYGAN_DUMP=DIR, save the first 8 images side by side for a look by eye.</summary>
    private static void Dump(ImageSet set)
    {
        if (Environment.GetEnvironmentVariable("TIDYGAN_DUMP") is not { } dir) return;
        int n = Math.Min(set.Count, 8), h = set.Height, w = set.Width;
        var step = Math.Max(1, set.Count / n);
        var strip = new float[h * w * n];
        for (int i = 0; i < n; i++)
        {
            using var img = set.Images[i * step, 0];
            var px = img.data<float>().ToArray();
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) strip[y * w * n + i * w + x] = px[y * w + x];
        }
        PngIO.WriteGrey(Path.Combine(dir, set.Name.Replace(':', '_').Replace('/', '_') + ".png"), strip, w * n, h, -1, 1);
    }

    [Theory]
    [InlineData(true, 28, 1)]
    [InlineData(false, 32, 3)]
    [Trait(Traits.Category, Traits.Slow)]
    public void FashionMnist(bool train, int size, int channels)
    {
        using var set = Datasets.Load("fashion-mnist", new DatasetOptions(Size: size, Channels: channels, Train: train, Limit: 500));
        Assert.Equal(500, set.Count);
        AssertSane(set, size, channels);
        Assert.Equal(10, set.ClassCount);
        Assert.Equal("Ankle boot", set.ClassNames[9]);
        Assert.Equal([500L], set.Labels!.shape);
        Assert.Equal(torch.ScalarType.Int64, set.Labels.dtype);
        // The first training label, read independently from the raw IDX bytes (offset 8).
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(RealData.FashionMnist + (train ? "train" : "t10k") + "-labels-idx1-ubyte.gz"), System.IO.Compression.CompressionMode.Decompress);
        var head = new byte[9];
        gz.ReadExactly(head);
        Assert.Equal(head[8], set.Labels[0].item<long>());
    }

    [Theory]
    [InlineData(SliceAxis.Axial)]
    [InlineData(SliceAxis.Coronal)]
    [Trait(Traits.Category, Traits.Slow)]
    public void CtHead(SliceAxis axis)
    {
        using var set = Datasets.Load("ct-head", new DatasetOptions(Size: 64, Axis: axis));
        AssertSane(set, 64, 1);
        Assert.InRange(set.Count, 40, 256);
        Assert.IsType<HounsfieldWindow>(set.Intensity);
        Assert.Equal(-1024f, set.Intensity.ToPhysical(-1f));
        Assert.NotNull(set.Geometry);
        Assert.Equal(axis, set.Geometry.Axis);
        Assert.InRange(set.Geometry.RowSpacing, 2, 5);         // ~200 mm head / 64 pixels
        // Corners are air (the head-rest arc is masked away, background is −1024 HU → −1).
        using var corner = set.Images[.., 0, 0, 0];
        Assert.True(corner.max().item<float>() <= -0.99f);
    }

    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void MrHeadAndSliceStackWritesBackAsNifti()
    {
        using var set = Datasets.Load("mr-head", new DatasetOptions(Size: 48));
        AssertSane(set, 48, 1);
        Assert.InRange(set.Count, 100, 181);
        var scaling = Assert.IsType<PercentileScaling>(set.Intensity);
        Assert.True(scaling.Upper > scaling.Lower);

        using var dir = new TempDir();
        var volume = SliceStack.ToVolume(set.Images, set.Geometry!, set.Intensity, IntensityKind.MagneticResonance, NiftiDataType.UInt8);
        NiftiWriter.Write(dir.File("stack.nii.gz"), volume);
        var read = NiftiReader.Read(dir.File("stack.nii.gz"));
        Assert.Equal([48, 48, set.Count], read.Shape);
        Assert.Equal(set.Geometry!.RowSpacing, read.Spacing[1], 4);
        // The stack's centre lands inside ch2's head (world box of the MNI template, roughly ±90 x ±110 x ±80 mm).
        var centre = read.ToWorld(24, 24, set.Count / 2);
        Assert.InRange(centre.X, -30, 30);
        Assert.InRange(centre.Z, -60, 80);
    }

    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void NiftiByPath()
    {
        using var set = Datasets.Load("nifti:" + RealData.NibabelData + "example4d.nii.gz", new DatasetOptions(Size: 32, Channels: 3));
        AssertSane(set, 32, 3);
        Assert.IsType<PercentileScaling>(set.Intensity);
    }

    [Fact]
    public void FolderWithClassesAnd16BitPng()
    {
        using var dir = new TempDir();
        foreach (var (cls, value) in new[] { ("b-dark", (ushort)1000), ("a-bright", (ushort)60000) })
        {
            Directory.CreateDirectory(dir.File(cls));
            for (int i = 0; i < 3; i++)
                PngIO.Write16(Path.Combine(dir.File(cls), $"{i}.png"), Enumerable.Repeat(value, 20 * 10).ToArray(), 20, 10);
        }
        using var set = Datasets.Load("folder:" + dir.Path, new DatasetOptions(Size: 8));
        Assert.Equal(6, set.Count);
        Assert.Equal(["a-bright", "b-dark"], set.ClassNames);
        Assert.Equal([0L, 0, 0, 1, 1, 1], set.Labels!.data<long>().ToArray());
        Assert.Equal(60000f, set.Intensity.ToPhysical(set.Images[0, 0, 4, 4].item<float>()), 0.5f);
        Assert.Equal(1000f, set.Intensity.ToPhysical(set.Images[5, 0, 4, 4].item<float>()), 0.5f);
    }

    [Fact]
    public void UnknownNameListsValidOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Load("cifar", new DatasetOptions()));
        foreach (var name in Datasets.Names) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void MissingPackageSaysWhatToInstall()
    {
        var e = Assert.Throws<MissingDataPackageException>(() => Datasets.Require("mr-head", "mricron-data", "/nonexistent/ch2.nii.gz"));
        Assert.Contains("sudo apt-get install -y mricron-data", e.Message);
        Assert.Equal("mricron-data", e.Package);
    }

    [Fact]
    public void ListDescribesEveryName()
    {
        var list = Datasets.List();
        Assert.Equal(Datasets.Names, list.Select(d => d.Name));
        var fashion = list.Single(d => d.Name == "fashion-mnist");
        if (fashion.Installed)
        {
            Assert.Equal(70000, fashion.ImageCount);
            Assert.True(fashion.SizeOnDisk > 1_000_000);
        }
        Assert.Equal("invesalius-examples", list.Single(d => d.Name == "ct-head").Package);
    }
}
