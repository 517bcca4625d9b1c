using TidyGan.Data;
using TidyGan.Training;

namespace TidyGan.Tests.Cli;

/// <summary>train → resume → sample → interpolate → report through the real command line, on real data.</summary>
public class CliWorkflowTests
{
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void ConditionalGanOnFashionMnistEndToEnd()
    {
        using var dir = new TempDirectory();
        var run = Path.Combine(dir.Path, "run");
        var train = CliRunner.Run("train", "cgan", "--data", "fashion-mnist", "--size", "28", "--steps", "4", "--batch", "16",
            "--width", "8", "--limit", "256", "--ema", "0.9", "--checkpoint-every", "2", "--out", run);
        Assert.True(train.ExitCode == 0, train.Output);

        var again = CliRunner.Run("train", "cgan", "--data", "fashion-mnist", "--out", run);
        Assert.NotEqual(0, again.ExitCode);                        // never overwrite a run by accident
        Assert.Contains("--resume", again.Output);

        var resume = CliRunner.Run("train", "cgan", "--resume", run, "--steps", "6");
        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.Equal(6, Checkpoint.ReadManifest(Checkpoint.Resolve(run)).Step);

        var grid = Path.Combine(dir.Path, "sneakers.png");
        var nifti = Path.Combine(dir.Path, "sneakers.nii.gz");
        var sample = CliRunner.Run("sample", "--checkpoint", run, "--n", "5", "--class", "Sneaker", "--out", grid,
            "--each", Path.Combine(dir.Path, "each"), "--nifti", nifti);
        Assert.True(sample.ExitCode == 0, sample.Output);
        Assert.True(File.Exists(grid));
        Assert.Equal(5, Directory.GetFiles(Path.Combine(dir.Path, "each"), "*.png").Length);
        var volume = NiftiReader.Read(nifti);
        Assert.Equal([28, 28, 5], volume.Shape);
        Assert.InRange(volume.Statistics().Min, 0, 255);           // back in the data's pixel units

        var badClass = CliRunner.Run("sample", "--checkpoint", run, "--class", "Giraffe", "--out", grid);
        Assert.Equal(1, badClass.ExitCode);
        Assert.Contains("Sneaker", badClass.Output);               // lists the valid class names

        var interpolation = Path.Combine(dir.Path, "interpolation.png");
        var walk = CliRunner.Run("interpolate", "--checkpoint", run, "--pairs", "2", "--steps", "4", "--out", interpolation);
        Assert.True(walk.ExitCode == 0, walk.Output);
        Assert.True(File.Exists(interpolation));

        var casJson = Path.Combine(dir.Path, "cas.json");
        var cas = CliRunner.Run("evaluate", "--real", "fashion-mnist:test", "--fake", run, "--metrics", "cas", "--n", "200", "--json", casJson);
        Assert.True(cas.ExitCode == 0, cas.Output);
        var casMetrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(casJson)).RootElement.GetProperty("metrics");
        Assert.Equal("cas", casMetrics[0].GetProperty("name").GetString());
        Assert.InRange(casMetrics[0].GetProperty("value").GetDouble(), 0, 1);
        Assert.Equal("cas-real-baseline", casMetrics[1].GetProperty("name").GetString());

        var report = CliRunner.Run("report", "--run", run);
        Assert.True(report.ExitCode == 0, report.Output);
        Assert.Contains("loss_curves.png", File.ReadAllText(Path.Combine(run, "report.html")));
    }

    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void CtSamplesAreWrittenInHounsfieldUnits()
    {
        using var dir = new TempDirectory();
        var run = Path.Combine(dir.Path, "ct");
        var train = CliRunner.Run("train", "dcgan", "--data", "ct-head", "--size", "32", "--steps", "2", "--batch", "16", "--width", "8", "--out", run);
        Assert.True(train.ExitCode == 0, train.Output);
        var nifti = Path.Combine(dir.Path, "ct.nii.gz");
        var sample = CliRunner.Run("sample", "--checkpoint", run, "--n", "3", "--out", Path.Combine(dir.Path, "ct.png"), "--nifti", nifti);
        Assert.True(sample.ExitCode == 0, sample.Output);

        var volume = NiftiReader.Read(nifti, out var header);
        Assert.Equal(NiftiDataType.Int16, header.DataType);
        var (min, max, _) = volume.Statistics();
        Assert.InRange(min, -1024, 3071);
        Assert.InRange(max, -1024, 3071);
        Assert.All(volume.Voxels, v => Assert.Equal(Math.Round(v), v));   // whole HU
    }
}

/// <summary>Resume in a new process (what users do after a crash or Ctrl+C) continues bit for bit.</summary>
public class CliResumeTests
{
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void ResumeInANewProcessGivesTheSameWeights()
    {
        using var dir = new TempDirectory();
        string straight = Path.Combine(dir.Path, "straight"), stopped = Path.Combine(dir.Path, "stopped");
        string[] common = ["--data", "ct-head", "--size", "32", "--batch", "16", "--width", "8", "--augment", "--ema", "0.9", "--seed", "3"];
        Assert.Equal(0, CliRunner.Run(["train", "dcgan", .. common, "--steps", "6", "--out", straight]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["train", "dcgan", .. common, "--steps", "3", "--out", stopped]).ExitCode);
        var resumed = CliRunner.Run("train", "dcgan", "--resume", stopped, "--steps", "6");
        Assert.True(resumed.ExitCode == 0, resumed.Output);

        foreach (var file in new[] { Checkpoint.GeneratorFile, Checkpoint.DiscriminatorFile, Checkpoint.EmaFile, Checkpoint.OptimizerFile("generator") })
        {
            var a = File.ReadAllBytes(Path.Combine(Checkpoint.Resolve(straight), file));
            var b = File.ReadAllBytes(Path.Combine(Checkpoint.Resolve(stopped), file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{file} differs between the straight run and the resumed one");
        }
    }
}
