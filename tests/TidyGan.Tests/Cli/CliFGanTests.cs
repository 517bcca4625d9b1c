using System.Text.Json;
using TidyGan.Training;

namespace TidyGan.Tests.Cli;

/// <summary>The f-GAN losses and the saturation verbs through the real command line.</summary>
public class CliFGanTests
{
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void DcGanTrainsResumesAndSamplesWithAnFGanLoss()
    {
        using var dir = new TempDirectory();
        var run = Path.Combine(dir.Path, "run");
        var train = CliRunner.Run("train", "dcgan", "--data", "fashion-mnist", "--size", "28", "--loss", "f:kl", "--steps", "3",
            "--batch", "16", "--width", "8", "--limit", "256", "--checkpoint-every", "3", "--out", run);
        Assert.True(train.ExitCode == 0, train.Output);
        var manifest = File.ReadAllText(Path.Combine(Checkpoint.Resolve(run), "checkpoint.json"));
        Assert.Contains("\"FKullbackLeibler\"", manifest);              // the loss survives into the checkpoint ...

        var resume = CliRunner.Run("train", "dcgan", "--resume", run, "--steps", "5");
        Assert.True(resume.ExitCode == 0, resume.Output);                // ... so resuming rebuilds the same f-GAN
        Assert.Equal(5, Checkpoint.ReadManifest(Checkpoint.Resolve(run)).Step);
        var scalars = File.ReadAllText(Path.Combine(run, "scalars.csv"));
        Assert.Contains("loss/generator", scalars);

        var grid = Path.Combine(dir.Path, "grid.png");
        var sample = CliRunner.Run("sample", "--checkpoint", run, "--n", "4", "--out", grid);
        Assert.True(sample.ExitCode == 0, sample.Output);
        Assert.True(File.Exists(grid));
    }

    [Fact]
    public void UnknownFDivergenceIsAClearError()
    {
        using var dir = new TempDirectory();
        var train = CliRunner.Run("train", "dcgan", "--data", "fashion-mnist", "--loss", "f:tv", "--steps", "1", "--out", Path.Combine(dir.Path, "r"));
        Assert.Equal(1, train.ExitCode);
        Assert.Contains("f:kl", train.Output);                            // lists the valid names
    }

    [Fact]
    public void FGanFitWritesItsTableAndPlot()
    {
        using var dir = new TempDirectory();
        var fit = CliRunner.Run("fgan", "fit", "--divergences", "kl,js", "--seeds", "1", "--steps", "20", "--out", dir.Path);
        Assert.True(fit.ExitCode == 0, fit.Output);
        foreach (var file in new[] { "fits.png", "results.json", "results.md" }) Assert.True(File.Exists(Path.Combine(dir.Path, file)), file);
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "results.json"))).RootElement;
        var kl = json.GetProperty("divergences")[0];
        Assert.Equal("kl", kl.GetProperty("name").GetString());
        Assert.Equal(Math.Sqrt(4.25), kl.GetProperty("exact").GetProperty("std_dev").GetDouble(), 1e-3);
        Assert.Equal(1, kl.GetProperty("fits").GetArrayLength());

        var bad = CliRunner.Run("fgan", "fit", "--divergences", "kl,tv", "--out", dir.Path);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("hellinger", bad.Output);
    }

    [Fact]
    public void SaturationGradientsPlotIsWritten()
    {
        using var dir = new TempDirectory();
        var png = Path.Combine(dir.Path, "gradients.png");
        var result = CliRunner.Run("saturation", "gradients", "--out", png);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(new FileInfo(png).Length > 10_000);
        Assert.Contains("-0.0001", result.Output);                        // minimax at D = 1e-4: ∂L/∂l = −D
    }
}
