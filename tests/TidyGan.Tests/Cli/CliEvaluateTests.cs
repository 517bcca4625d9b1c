using System.Text.Json;
using TidyGan.IO;

namespace TidyGan.Tests.Cli;

/// <summary>`tidygan evaluate` and `features extract` through the real command line.</summary>
public class CliEvaluateTests
{
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void PixelFeaturesToNpyAndScoresToJson()
    {
        using var dir = new TempDirectory();
        string a = Path.Combine(dir.Path, "train.npy"), b = Path.Combine(dir.Path, "test.npy"), json = Path.Combine(dir.Path, "scores.json");
        Assert.Equal(0, CliRunner.Run("features", "extract", "--source", "fashion-mnist", "--features", "pixels", "--n", "300", "--out", a).ExitCode);
        Assert.Equal(0, CliRunner.Run("features", "extract", "--source", "fashion-mnist:test", "--features", "pixels", "--n", "300", "--out", b).ExitCode);
        Assert.Equal(784, Npy.ReadMatrix(a).GetLength(1));

        var same = CliRunner.Run("evaluate", "--real", a, "--fake", a, "--metrics", "fd,prdc", "--json", json);
        Assert.True(same.ExitCode == 0, same.Output);
        var metrics = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
        Assert.InRange(metrics["fd"], -1e-3, 1e-3);                  // identical sets: 0 up to float64 rounding (Tr Σ ≈ 400 here)
        Assert.Equal(1.0, metrics["precision@k5"]);
        Assert.Equal(1.0, metrics["recall@k5"]);

        var different = CliRunner.Run("evaluate", "--real", a, "--fake", b, "--metrics", "fd", "--json", json);
        Assert.True(different.ExitCode == 0, different.Output);
        var root = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.True(root.GetProperty("metrics")[0].GetProperty("value").GetDouble() > 1);
        Assert.Equal(300, root.GetProperty("n_real").GetInt32());
    }

    /// <summary>
    /// FD and PRDC carry half-sampling intervals in the JSON, KID keeps its own; each names its method. Features:
    /// 3-d N(0, I) vs N((0.5, 0, 0), I), FD = 0.25, n = 400 each: the interval must hold the value, be about
    /// ±2·SE wide (SE of ‖μ̂₁ − μ̂₂‖² ≈ 2‖δ‖√(2/n) = 0.07) and be absent with --ci-reps 0.
    /// </summary>
    [Fact]
    public void FdAndPrdcCarryHalfSamplingIntervals()
    {
        using var dir = new TempDirectory();
        string a = Path.Combine(dir.Path, "a.npy"), b = Path.Combine(dir.Path, "b.npy"), json = Path.Combine(dir.Path, "scores.json");
        var rng = new Random(3);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var real = new double[400, 3];
        var fake = new double[400, 3];
        for (int i = 0; i < 400; i++)
            for (int j = 0; j < 3; j++) { real[i, j] = Normal(); fake[i, j] = Normal() + (j == 0 ? 0.5 : 0); }
        Npy.Write(a, real);
        Npy.Write(b, fake);

        var result = CliRunner.Run("evaluate", "--real", a, "--fake", b, "--metrics", "fd,kid,prdc", "--ci-reps", "20", "--json", json);
        Assert.True(result.ExitCode == 0, result.Output);
        var metrics = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!);
        foreach (var name in new[] { "fd", "kid", "precision@k5", "recall@k5", "density@k5", "coverage@k5" })
        {
            var m = metrics[name];
            double value = m.GetProperty("value").GetDouble(), low = m.GetProperty("ci_low").GetDouble(), high = m.GetProperty("ci_high").GetDouble();
            Assert.True(low <= value && value <= high && low < high, $"{name}: {value} not inside ({low}, {high})");
            Assert.Equal(0.95, m.GetProperty("ci_level").GetDouble());
        }
        var fd = metrics["fd"];
        Assert.Contains("half-samples without replacement", fd.GetProperty("ci_method").GetString());
        // n = 400 ≤ KID's subset size (1000): its subsets would all be the whole set, so KID is half-sampled too.
        Assert.Contains("half-samples", metrics["kid"].GetProperty("ci_method").GetString());
        Assert.InRange(fd.GetProperty("value").GetDouble(), 0.1, 0.45);
        Assert.InRange(fd.GetProperty("ci_high").GetDouble() - fd.GetProperty("ci_low").GetDouble(), 2 * 1.96 * 0.07 * 0.6, 2 * 1.96 * 0.07 * 1.6);
        Assert.True(metrics["precision@k5"].GetProperty("ci_high").GetDouble() <= 1);

        var none = CliRunner.Run("evaluate", "--real", a, "--fake", b, "--metrics", "fd", "--ci-reps", "0", "--json", json);
        Assert.True(none.ExitCode == 0, none.Output);
        var only = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("metrics")[0];
        Assert.Equal(JsonValueKind.Null, only.GetProperty("ci_low").ValueKind);
        var bad = CliRunner.Run("evaluate", "--real", a, "--fake", b, "--ci-reps", "1");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--ci-reps", bad.Output);
    }

    [Fact]
    public void MismatchedFeatureWidthsAreAClearError()
    {
        using var dir = new TempDirectory();
        string a = Path.Combine(dir.Path, "a.npy"), b = Path.Combine(dir.Path, "b.npy");
        Npy.Write(a, new double[10, 4]);
        Npy.Write(b, new double[10, 5]);
        var result = CliRunner.Run("evaluate", "--real", a, "--fake", b, "--metrics", "fd");
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void UnknownMetricIsNamed()
    {
        var result = CliRunner.Run("evaluate", "--real", "fashion-mnist", "--fake", "fashion-mnist:test", "--metrics", "fd,inception");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("inception", result.Output);
    }
}
