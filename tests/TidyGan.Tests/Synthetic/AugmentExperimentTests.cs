using System.Text.Json;
using TidyGan.Data;
using TidyGan.Synthetic;
using TidyGan.Experiments;
using TidyGan.Tests.Cli;

namespace TidyGan.Tests.Synthetic;

public class AugmentExperimentTests
{
    /// <summary>
    /// An image folder of 3 classes a classifier can tell apart (a bright bar at a class-specific row, plus noise):
    /// <paramref name="perClass"/> 28×28 grey PNGs per class, in FOLDER/&lt;class&gt;/.
    /// </summary>
    private static void MakeFolder(string folder, int perClass, int seed)
    {
        var random = new Random(seed);
        string[] names = ["circle", "square", "triangle"];
        for (int c = 0; c < names.Length; c++)
        {
            var dir = Path.Combine(folder, names[c]);
            Directory.CreateDirectory(dir);
            for (int i = 0; i < perClass; i++)
            {
                var pixels = new byte[28 * 28];
                for (int p = 0; p < pixels.Length; p++) pixels[p] = (byte)random.Next(0, 60);
                for (int y = 4 + 8 * c; y < 8 + 8 * c; y++)
                    for (int x = 2; x < 26; x++) pixels[y * 28 + x] = (byte)random.Next(180, 256);
                PngIO.Write8(Path.Combine(dir, $"img{i:D3}.png"), pixels, 28, 28);
            }
        }
    }

    [Fact]
    public void FolderWithoutTrainAndTestIsSplitPerClassWithAFixedSeed()
    {
        using var dir = new TempDirectory();
        MakeFolder(dir.Path, perClass: 20, seed: 1);
        using var all = ImageFolder.Load("folder:x", dir.Path, new DatasetOptions(Size: 28));
        var (train, test) = AugmentExperiment.StratifiedSplit(all, 0.2);
        var (train2, test2) = AugmentExperiment.StratifiedSplit(all, 0.2);
        using (train) using (test) using (train2) using (test2)
        {
            Assert.Equal(new[] { 16, 16, 16 }, ImbalanceSampler.Counts(train.Labels!, 3));
            Assert.Equal(new[] { 4, 4, 4 }, ImbalanceSampler.Counts(test.Labels!, 3));
            Assert.True(test.Images.eq(test2.Images).all().item<bool>());
            // No test image is also a training image.
            using var distances = TorchSharp.torch.cdist(test.Images.flatten(1), train.Images.flatten(1));
            Assert.True(distances.min().item<float>() > 0);
        }
    }

    [Theory]
    [InlineData("--data", "/no/such/folder", "neither fashion-mnist nor an existing folder")]
    [InlineData("--budget", "huge", "--budget 'huge' is not one of cpu, paper")]
    [InlineData("--imbalance", "0.01,2", "--imbalance: each level must be in (0, 1)")]
    public void BadOptionsAreNamed(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("augment-experiment", option, value, "--out", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error:", result.Output);
        Assert.Contains(message, result.Output);
    }

    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void TinyEndToEndRunOnAnImageFolderWritesItsTableAndResumes()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "shapes");
        MakeFolder(Path.Combine(data, "train"), perClass: 80, seed: 1);     // 240 training images
        MakeFolder(Path.Combine(data, "test"), perClass: 30, seed: 2);      // 90 test images
        var output = Path.Combine(dir.Path, "out");
        string[] args = ["augment-experiment", "--data", data, "--size", "28", "--imbalance", "0.1", "--minority", "1", "--seeds", "1,2",
            "--gan-steps", "4", "--gan-width", "8", "--classifier-steps", "30", "--classifier-batch", "32", "--classifier-width", "8",
            "--cas-per-class", "40", "--score-images", "20", "--out", output];
        var result = CliRunner.Run(args);
        Assert.True(result.ExitCode == 0, result.Output);

        var md = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.Contains("(c) vs (b):", md);
        Assert.Contains("points balanced accuracy at 10%", md);
        foreach (var arm in AugmentArms.All) Assert.Contains(AugmentArms.Describe(arm), md);
        Assert.Contains("1 square (minority) | 8 |", md);                 // 10% of 80 training images kept
        Assert.True(File.Exists(Path.Combine(output, "samples-imbalance-0.1.png")));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(2 * 6, runs.GetArrayLength());                         // 2 seeds × (e + a, b1, b2, c, d)
        foreach (var run in runs.EnumerateArray())
        {
            double ba = run.GetProperty("balancedAccuracy").GetDouble();
            Assert.InRange(ba, 0, 1);
        }
        // The real full set is easy (bars at different rows): the upper bound must have learnt it.
        var full = runs.EnumerateArray().Where(r => r.GetProperty("arm").GetString() == "e").Select(r => r.GetProperty("balancedAccuracy").GetDouble());
        Assert.All(full, ba => Assert.True(ba > 0.9, $"arm (e) balanced accuracy {ba}"));
        // The synthetic sets carry the manifest of the C-GAN that made them.
        var manifest = SyntheticManifest.Read(Path.Combine(output, "seed-1", "imbalance-0.1", "cgan", "synthetic-minority", SyntheticManifest.FileName));
        Assert.Equal("cgan", manifest.ModelKind);
        Assert.Equal(new[] { 0, 72, 0 }, manifest.PerClassCounts.Select(c => c.Count));   // 80 (median majority) − 8 kept

        // A rerun with the same options finds every arm with its key and trains nothing: same table.
        var cResult = Path.Combine(output, "seed-1", "imbalance-0.1", "c", "result.json");
        var before = File.GetLastWriteTimeUtc(cResult);
        var again = CliRunner.Run(args);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal(before, File.GetLastWriteTimeUtc(cResult));
        Assert.Equal(md.Split('\n').Where(l => !l.StartsWith("Tool:", StringComparison.Ordinal)), File.ReadAllText(Path.Combine(output, "results.md")).Split('\n').Where(l => !l.StartsWith("Tool:", StringComparison.Ordinal)));

        // One changed option: the run stops at the first arm it changes, naming the field, and touches nothing.
        string[] changed = [.. args, "--synthetic-ratio", "0.5"];
        var stopped = CliRunner.Run(changed);
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("configuration.SyntheticRatio: 1 → 0.5", stopped.Output);
        Assert.Contains("--force", stopped.Output);
        Assert.Equal(before, File.GetLastWriteTimeUtc(cResult));

        // --force reruns every arm; the old folders are kept aside, not deleted.
        var forced = CliRunner.Run([.. changed, "--force"]);
        Assert.True(forced.ExitCode == 0, forced.Output);
        Assert.NotEqual(before, File.GetLastWriteTimeUtc(cResult));
        Assert.NotEmpty(Directory.GetDirectories(Path.Combine(output, "seed-1", "imbalance-0.1"), "cgan.replaced-*"));

        // A corrupt arm record is an error naming it; the folder stays.
        var record = Path.Combine(output, "seed-2", "imbalance-0.1", "b1", "arm.json");
        File.WriteAllText(record, "{");
        var corrupt = CliRunner.Run([.. changed]);
        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains(record, corrupt.Output);
        Assert.True(File.Exists(Path.Combine(output, "seed-2", "imbalance-0.1", "b1", "result.json")));
    }
}
