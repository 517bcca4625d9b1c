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
