using System.Diagnostics;
using TidyGan.Data;
using TorchSharp;
using Xunit.Abstractions;

namespace TidyGan.Tests.Data;

/// <summary>The slice cache of cohort loading: hits, stale and corrupt entries, bit-identical images; cold vs warm time.</summary>
public sealed class CohortCacheTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>PATH/s00..s(n-1)/t1.nii.gz from ch2 crops.</summary>
    private string MakeCohort(int subjects)
    {
        var root = dir.File("cohort");
        for (int i = 0; i < subjects; i++)
        {
            var s = Path.Combine(root, $"s{i:D2}");
            Directory.CreateDirectory(s);
            NiftiWriter.Write(Path.Combine(s, "t1.nii.gz"), CohortTests.Crop(i, ct: false));
        }
        return root;
    }

    private SliceCache Cache(string root) => new(Path.Combine(root, SliceCache.FolderName), output.WriteLine);

    private static ImageSet Load(string root, SliceCache? cache, int size = 32) =>
        CohortSlices.Load($"cohort:{root}", new DatasetOptions(Size: size), cache);

    private static void AssertSame(ImageSet expected, ImageSet actual)
    {
        Assert.Equal(expected.Images.shape, actual.Images.shape);
        Assert.Equal(Bits(expected.Images), Bits(actual.Images));
        Assert.Equal(expected.Intensity, actual.Intensity);
        Assert.Equal(expected.Geometry is null, actual.Geometry is null);
        if (expected.Geometry is { } g)
        {
            Assert.Equal(g with { Origin = [] }, actual.Geometry! with { Origin = [] });
            Assert.Equal(g.Origin, actual.Geometry!.Origin);
        }
        Assert.Equal(expected.Subjects!.Train, actual.Subjects!.Train);
        Assert.Equal(expected.Subjects.Loaded, actual.Subjects.Loaded);
    }

    private static int[] Bits(torch.Tensor t) => t.contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    private static string[] DataFiles(string root) =>
        Directory.GetFiles(Path.Combine(root, SliceCache.FolderName), "*.f32").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void SecondLoadReadsTheCacheAndGivesBitIdenticalImages()
    {
        var root = MakeCohort(5);
        using var uncached = Load(root, cache: null);
        var first = Cache(root);
        using var cold = Load(root, first);
        Assert.Equal(0, first.Statistics.Hits);
        Assert.True(first.Statistics.Misses >= 3);
        Assert.Equal(first.Statistics.Misses, DataFiles(root).Length);
        var second = Cache(root);
        using var warm = Load(root, second);
        Assert.Equal(new SliceCacheStatistics(first.Statistics.Misses, 0, 0, 0, 0), second.Statistics);
        Assert.Empty(second.Warnings);
        // Through the cache the slices stay on disk (read per batch); without it they are joined in memory.
        Assert.Null(uncached.Files);
        Assert.NotNull(cold.Files);
        Assert.NotNull(warm.Files);
        AssertSame(uncached, cold);
        AssertSame(uncached, warm);
        // The cache folder is hidden: the cohort still has its 5 subjects.
        Assert.Equal(5, Cohort.Open(root).Subjects.Count);
    }

    [Fact]
    public void ZScoreSlicesAreCachedAndReadBackIdentically()
    {
        var root = MakeCohort(3);
        var options = new DatasetOptions(Size: 32, MrIntensity: MrIntensity.ZScore);
        using var uncached = CohortSlices.Load($"cohort:{root}", options, null);
        var first = Cache(root);
        using var cold = CohortSlices.Load($"cohort:{root}", options, first);
        var second = Cache(root);
        using var warm = CohortSlices.Load($"cohort:{root}", options, second);
        Assert.Equal(0, first.Statistics.Uncacheable);
        Assert.Equal(first.Statistics.Misses, second.Statistics.Hits);
        Assert.IsType<ZScoreScaling>(warm.Intensity);
        AssertSame(uncached, warm);
    }

    [Fact]
    public void OtherPreprocessingOptionsHaveEntriesOfTheirOwn()
    {
        var root = MakeCohort(3);
        using var a = Load(root, Cache(root), size: 32);
        using var b = Load(root, Cache(root), size: 16);
        var again = Cache(root);
        using var a2 = Load(root, again, size: 32);
        Assert.Equal(0, again.Statistics.Misses + again.Statistics.Stale);
        Assert.Equal(16, b.Height);
        AssertSame(a, a2);
    }

    [Fact]
    public void TouchingASourceMakesItsEntryStaleAndRebuilt()
    {
        var root = MakeCohort(5);
        var first = Cache(root);
        using var cold = Load(root, first);
        int n = first.Statistics.Misses;
        var source = Path.Combine(root, cold.Subjects!.Train[0], "t1.nii.gz");
        File.SetLastWriteTimeUtc(source, File.GetLastWriteTimeUtc(source).AddMinutes(5));
        var touched = Cache(root);
        using var rebuilt = Load(root, touched);
        Assert.Equal(new SliceCacheStatistics(n - 1, 0, 1, 0, 0), touched.Statistics);
        Assert.Contains("stale", Assert.Single(touched.Warnings));
        AssertSame(cold, rebuilt);
        var after = Cache(root);
        using var warm = Load(root, after);
        Assert.Equal(n, after.Statistics.Hits);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("header")]
    [InlineData("delete-data")]
    public void ACorruptEntryIsDetectedAndRebuilt(string damage)
    {
        var root = MakeCohort(4);
        var first = Cache(root);
        using var cold = Load(root, first);
        _ = cold.Images;   // read into memory now: a set on disk would read the damaged file below
        int n = first.Statistics.Misses;
        var data = DataFiles(root)[0];
        switch (damage)
        {
            case "flip":
                var bytes = File.ReadAllBytes(data);
                bytes[bytes.Length / 2] ^= 0x40;
                File.WriteAllBytes(data, bytes);
                break;
            case "truncate":
                using (var s = new FileStream(data, FileMode.Open)) s.SetLength(s.Length - 4);
                break;
            case "header":
                File.WriteAllText(Path.ChangeExtension(data, ".json"), "{ \"Version\": 1, \"Key\": ");
                break;
            default:
                File.Delete(data);
                break;
        }
        var damaged = Cache(root);
        using var rebuilt = Load(root, damaged);
        Assert.Equal(new SliceCacheStatistics(n - 1, 0, 0, 1, 0), damaged.Statistics);
        Assert.Single(damaged.Warnings);
        AssertSame(cold, rebuilt);
        var after = Cache(root);
        using var warm = Load(root, after);
        Assert.Equal(new SliceCacheStatistics(n, 0, 0, 0, 0), after.Statistics);
        AssertSame(cold, warm);
    }

    [Fact]
    public void DatasetsLoadUsesTheCohortsCacheFolderByDefault()
    {
        var root = MakeCohort(3);
        using var set = Datasets.Load($"cohort:{root}", new DatasetOptions(Size: 16));
        if (Environment.GetEnvironmentVariable(SliceCache.EnvironmentVariable) is null)
            Assert.NotEmpty(DataFiles(root));
    }

    [Fact]
    public void TheKeyOfADicomFolderCoversEveryFileInIt()
    {
        var series = dir.File("ct");
        Directory.CreateDirectory(Path.Combine(series, "sub"));
        File.WriteAllBytes(Path.Combine(series, "1.dcm"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(series, "sub", "2.dcm"), [4, 5, 6]);
        var item = new CohortItem("s00", "ct", series);
        var key = SliceCache.Key("config", item);
        Assert.Equal(key, SliceCache.Key("config", item));
        Assert.NotEqual(key, SliceCache.Key("other config", item));
        var second = Path.Combine(series, "sub", "2.dcm");
        File.SetLastWriteTimeUtc(second, File.GetLastWriteTimeUtc(second).AddSeconds(10));
        var touched = SliceCache.Key("config", item);
        Assert.NotEqual(key, touched);
        File.WriteAllBytes(Path.Combine(series, "3.dcm"), [7]);
        Assert.NotEqual(touched, SliceCache.Key("config", item));
    }

    [Fact]
    public void ColdAndWarmLoadTimesOfATwentySubjectCohort()
    {
        var root = MakeCohort(20);
        var options = new DatasetOptions(Size: 64);
        var watch = Stopwatch.StartNew();
        using (var cold = CohortSlices.Load($"cohort:{root}", options, Cache(root)))
        {
            double coldMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var warmCache = Cache(root);
            using var warm = CohortSlices.Load($"cohort:{root}", options, warmCache);
            double warmMs = watch.Elapsed.TotalMilliseconds;
            output.WriteLine($"20 ch2-crop subjects (train split {warmCache.Statistics.Hits} volumes, {warm.Count} slices at 64x64): cold {coldMs:F0} ms, warm {warmMs:F0} ms ({coldMs / warmMs:F1}x)");
            Assert.Equal(0, warmCache.Statistics.Misses);
            AssertSame(cold, warm);
        }
    }
}
