using System.Text.Json;
using SkiaSharp;
using TidyGan.Tests.Cli;

namespace TidyGan.Tests.Numerics;

/// <summary>`tidygan numerics field|trajectories` through the real command line.</summary>
public class CliNumericsTests
{
    [Fact]
    public void TrajectoriesWritesPlotsAndResults()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("numerics", "trajectories", "--game", "bilinear", "--lr", "0.1", "--steps", "1000", "--gamma", "1", "--out", dir.Path);
        Assert.True(result.ExitCode == 0, result.Output);
        foreach (var file in new[] { "trajectories.png", "field.png", "results.json", "results.md" })
            Assert.True(File.Exists(Path.Combine(dir.Path, file)), $"{file} missing; output: {result.Output}");
        using (var png = SKBitmap.Decode(Path.Combine(dir.Path, "trajectories.png"))) Assert.True(png.Width >= 800 && png.Height >= 800);

        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "results.json"))).RootElement;
        Assert.Equal(2.0, root.GetProperty("curl_at_equilibrium").GetDouble(), 12);
        Assert.All(root.GetProperty("eigenvalues").EnumerateArray(), e => Assert.Equal(1.0, Math.Abs(e.GetProperty("im").GetDouble()), 12));
        var distances = root.GetProperty("optimizers").EnumerateArray().ToDictionary(
            o => o.GetProperty("name").GetString()!,
            o => (After100: o.GetProperty("distance_after_steps").GetProperty("100").GetDouble(), After1000: o.GetProperty("distance_after_steps").GetProperty("1000").GetDouble()));
        Assert.Equal(["simultaneous", "alternating", "consensus", "extragradient", "optimistic"], distances.Keys);
        Assert.True(distances["simultaneous"].After1000 > 100);              // √2·1.01^500 ≈ 204.7
        Assert.InRange(distances["alternating"].After1000, 1.2, 1.6);
        Assert.True(distances["consensus"].After1000 < 1e-6);
        Assert.True(distances["extragradient"].After1000 < 0.05);

        var markdown = File.ReadAllText(Path.Combine(dir.Path, "results.md"));
        Assert.Contains("| consensus |", markdown);
        Assert.Contains("after 1000", markdown);
        Assert.Contains("consensus", result.Output);                          // the console table
    }

    [Fact]
    public void FieldWritesAPlotForTheDiracGan()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("numerics", "field", "--game", "dirac", "--out", dir.Path);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("0 − 0.5i, 0 + 0.5i", result.Output);
        Assert.Contains("curl of v at the equilibrium: 1", result.Output);
        using var png = SKBitmap.Decode(Path.Combine(dir.Path, "field.png"));
        Assert.NotNull(png);
    }

    [Theory]
    [InlineData("unknown game 'saddle'", "numerics", "trajectories", "--game", "saddle", "--out", "OUT")]
    [InlineData("--start", "numerics", "trajectories", "--start", "1,abc", "--out", "OUT")]
    [InlineData("--start needs 2 numbers", "numerics", "trajectories", "--start", "1,2,3", "--out", "OUT")]
    [InlineData("unknown optimiser 'adam'", "numerics", "trajectories", "--optimizers", "consensus,adam", "--out", "OUT")]
    [InlineData("--lr", "numerics", "trajectories", "--lr", "0", "--out", "OUT")]
    public void MistakesAreOneErrorLine(string expected, params string[] args)
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(args.Select(a => a == "OUT" ? dir.Path : a).ToArray());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }
}
