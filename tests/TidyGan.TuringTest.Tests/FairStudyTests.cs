using TidyGan.Data;
using TidyGan.IO;
using TidyGan.Metrics;
using TorchSharp;
using Xunit.Abstractions;

namespace TidyGan.TuringTest.Tests;

/// <summary>
/// A fair study: real slices and a model's samples pass through one resolution path (the generator's native side,
/// then the same bilinear upsampling), real slices are drawn evenly over the whole set, and differing native
/// resolutions are refused unless allowed.
/// </summary>
public class FairStudyTests
{
    private static readonly DisplayWindow CtWindow = DisplayWindow.Parse("0,2000");

    [Fact]
    public void RealSlicesAndTheSameSlicesDegradedTo64PxRenderToTheSamePixels()
    {
        var real = ImageSource.LoadSpread("ct-head", 6, 256, 0);
        using var sharp = real.Images;
        using var degraded = Resample.Resize(sharp, 64, 64, antialias: true);     // a "64-px generator" that copies the slices
        var fake = real with { Images = degraded };

        var renderedReal = StudyImageRenderer.Render(real, 256, CtWindow, native: 64);
        var renderedFake = StudyImageRenderer.Render(fake, 256, CtWindow, native: 64);
        Assert.Equal(renderedReal.Count, renderedFake.Count);
        for (int i = 0; i < renderedReal.Count; i++) Assert.Equal(renderedReal[i], renderedFake[i]);   // byte for byte

        // The old path (straight to the display size) keeps the 256-px detail: those images differ.
        var old = StudyImageRenderer.Render(real, 256, CtWindow);
        Assert.NotEqual(old[0], renderedReal[0]);
    }

    [Theory]
    [InlineData(103, 4)]
    [InlineData(103, 50)]
    [InlineData(10, 10)]
    [InlineData(7, 1)]
    public void EvenlyDrawsOneRowFromEachEqualRunInOrder(int total, int n)
    {
        var rows = ImageSource.Evenly(total, n, seed: 5);
        Assert.Equal(n, rows.Length);
        for (int k = 0; k < n; k++)
        {
            Assert.InRange(rows[k], (int)((long)k * total / n), (int)((long)(k + 1) * total / n) - 1);
            if (k > 0) Assert.True(rows[k] > rows[k - 1]);
        }
        Assert.Equal(rows, ImageSource.Evenly(total, n, seed: 5));
        if (n == total) Assert.Equal(Enumerable.Range(0, total), rows);
    }

    [Fact]
    public void RealSlicesSpanTheLevelsAndAreDeterministicBySeed()
    {
        var a = ImageSource.LoadSpread("ct-head", 8, 32, 3);
        var b = ImageSource.LoadSpread("ct-head", 8, 32, 3);
        var c = ImageSource.LoadSpread("ct-head", 8, 32, 4);
        using (a.Images) using (b.Images) using (c.Images)
        {
            int total = a.SetCount!.Value;
            Assert.True(total > 50, $"{total} slices");
            var levels = a.Levels!;
            Assert.Equal(8, levels.Distinct().Count());
            Assert.True(levels.Max() - levels.Min() >= 0.75 * (total - 1), $"levels {string.Join(",", levels)} of {total}");
            Assert.Equal(levels, b.Levels);
            Assert.True(a.Images.eq(b.Images).all().item<bool>());
            Assert.NotEqual(levels, c.Levels);
            // Each image is the slice its level names.
            var all = ImageSource.LoadWithIntensity("ct-head", null, 32, 0);
            using (all.Images)
                for (int i = 0; i < levels.Count; i++)
                    Assert.True(all.Images[levels[i]].eq(a.Images[i]).all().item<bool>());
            string text = StudyResolution.LevelRange(a);
            Assert.StartsWith($"slices {levels.Min()}…{levels.Max()} of 0…{total - 1}", text);
            Assert.Contains("mm", text);
        }
        // Every other slice: levels are rows of the whole set.
        var odd = ImageSource.LoadSpread("ct-head:odd", 5, 32, 0);
        using (odd.Images) Assert.All(odd.Levels!, l => Assert.Equal(1, l % 2));
    }

    [Theory]
    [InlineData(null, null, 64, 64, null)]        // fake model of 64 px: real brought to 64
    [InlineData(64, null, 64, 64, null)]          // stated and matching
    [InlineData(null, null, null, 256, null)]     // two datasets: at the display size, as before
    [InlineData(96, null, null, 96, null)]        // two datasets, stated
    [InlineData(128, null, 64, -1, "--fake is a model of 64 px")]
    [InlineData(null, 128, 64, -1, "--real is a model of 128 px")]
    public void ResolveFindsTheNativeSideOrRefusesAMismatch(int? stated, int? realModel, int? fakeModel, int native, string? error)
    {
        if (error is null)
        {
            var r = StudyResolution.Resolve(stated, realModel, fakeModel, 256, allowMismatch: false);
            Assert.Equal((native, (string?)null), (r.Native, r.Warning));
            return;
        }
        var e = Assert.Throws<UserException>(() => StudyResolution.Resolve(stated, realModel, fakeModel, 256, allowMismatch: false));
        Assert.Contains(error, e.Message);
        Assert.Contains("--allow-resolution-mismatch", e.Message);
        var allowed = StudyResolution.Resolve(stated, realModel, fakeModel, 256, allowMismatch: true);
        Assert.Contains(error, allowed.Warning);
        Assert.Equal(fakeModel, allowed.For(fakeModel));
    }

    /// <summary>Mean squared 4-neighbour Laplacian over the interior pixels of 8-bit grey PNGs (grey levels²).</summary>
    internal static double LaplacianEnergy(IEnumerable<byte[]> pngs)
    {
        double sum = 0;
        long count = 0;
        foreach (var png in pngs)
        {
            string file = Path.Combine(Path.GetTempPath(), "tidygan-lap-" + Guid.NewGuid().ToString("N") + ".png");
            File.WriteAllBytes(file, png);
            var image = PngIO.Read(file);
            File.Delete(file);
            int w = image.Width, h = image.Height;
            var p = image.Pixels;
            for (int y = 1; y < h - 1; y++)
                for (int x = 1; x < w - 1; x++)
                {
                    double lap = p[(y - 1) * w + x] + p[(y + 1) * w + x] + p[y * w + x - 1] + p[y * w + x + 1] - 4.0 * p[y * w + x];
                    sum += lap * lap;
                    count++;
                }
        }
        return sum / count;
    }
}

/// <summary>A 64-px DC-GAN trained for 2 steps through the CLI, shared by the tests that render a study from it.</summary>
public sealed class TinyModel : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "tidygan-turing-fair-" + Guid.NewGuid().ToString("N"));
    public string Run => Path.Combine(Folder, "run");

    public TinyModel()
    {
        var trained = FairStudyCliTests.Cli("train", "dcgan", "--data", "ct-head", "--size", "64", "--steps", "2", "--batch", "4", "--preset", "cpu", "--out", Run);
        if (trained.Code != 0) throw new InvalidOperationException(trained.Output);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}

public class FairStudyCliTests(TinyModel model, ITestOutputHelper output) : IClassFixture<TinyModel>
{
    [Fact]
    public void RealSlicesOfAStudyFromA64PxModelCarryNoDetailFinerThanTheModelsPixels()
    {
        string study = Path.Combine(model.Folder, "study.db");
        var created = Cli("turing", "create", "--real", "ct-head", "--fake", model.Run, "--n-real", "6", "--n-fake", "6",
            "--raters", "ana", "--out", study, "--force");
        Assert.True(created.Code == 0, created.Output);
        Assert.Contains("resolution: both sides at 64×64 px, then bilinear to 256×256 px", created.Output);
        Assert.Contains("real levels: slices ", created.Output);
        Assert.Contains("synthetic levels: samples of a model trained on ct-head", created.Output);
        Assert.Contains("not tied to a level", created.Output);
        var store = StudyStore.Open(study);
        Assert.Equal("64", store.Meta("native_size"));
        var items = Items(store);
        var real = items.Where(i => !i.Synthetic).Select(i => i.Png).ToList();
        var fake = items.Where(i => i.Synthetic).Select(i => i.Png).ToList();

        // Exactly the real slices loaded at 64 px (the training preprocessing) and upsampled as the samples are.
        var at64 = ImageSource.LoadSpread("ct-head", 6, 64, 0);
        using (at64.Images)
            Assert.Equal(StudyImageRenderer.Render(at64, 256, DisplayWindow.Parse("0,2000"), 64).Select(Convert.ToBase64String).Order(),
                real.Select(Convert.ToBase64String).Order());

        // The old path: the same slices rendered straight from 256 px.
        var at256 = ImageSource.LoadSpread("ct-head", 6, 256, 0);
        double oldReal;
        using (at256.Images) oldReal = FairStudyTests.LaplacianEnergy(StudyImageRenderer.Render(at256, 256, DisplayWindow.Parse("0,2000")));
        double newReal = FairStudyTests.LaplacianEnergy(real), synthetic = FairStudyTests.LaplacianEnergy(fake);
        output.WriteLine($"mean squared Laplacian (grey levels²): real old path {oldReal:F2}, real new path {newReal:F2}, synthetic {synthetic:F2}");
        Assert.True(newReal < oldReal / 4, $"real new {newReal:F2} vs old {oldReal:F2}");
        // And no sharper than the synthetic side: a 2-step model's samples are noise at 64 px, about the most
        // high-frequency energy a 64-px image upsampled alike can carry (measured: old 189, new 9.3, synthetic 111).
        Assert.True(newReal <= synthetic, $"real new {newReal:F2} vs synthetic {synthetic:F2}");
        Assert.True(oldReal > synthetic, $"the old path's real {oldReal:F2} vs synthetic {synthetic:F2}");
    }

    [Fact]
    public void DifferingNativeResolutionsAreRefusedUnlessAllowedWithAWarning()
    {
        string study = Path.Combine(model.Folder, "mismatch.db");
        string[] args = ["turing", "create", "--real", "ct-head", "--fake", model.Run, "--n-real", "2", "--n-fake", "2", "--raters", "ana", "--out", study, "--native-size", "128", "--force"];
        var refused = Cli(args);
        Assert.Equal(1, refused.Code);
        Assert.Contains("error: --fake is a model of 64 px", refused.Output);
        Assert.Contains("--allow-resolution-mismatch", refused.Output);
        Assert.False(File.Exists(study));

        var allowed = Cli([.. args, "--allow-resolution-mismatch"]);
        Assert.True(allowed.Code == 0, allowed.Output);
        Assert.Contains("WARNING: --fake is a model of 64 px", allowed.Output);
        Assert.Contains("resolution: MISMATCH — real at 128×128 px, synthetic at 64×64 px", allowed.Output);
        Assert.Equal("128", StudyStore.Open(study).Meta("native_size"));
    }

    private static List<(bool Synthetic, byte[] Png)> Items(StudyStore store)
    {
        using var c = store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT is_synthetic, png FROM items";
        using var r = cmd.ExecuteReader();
        var list = new List<(bool, byte[])>();
        while (r.Read()) list.Add((r.GetInt64(0) == 1, (byte[])r.GetValue(1)));
        return list;
    }

    internal static (int Code, string Output) Cli(params string[] args) => CrashTests.RunCli(args);
}
