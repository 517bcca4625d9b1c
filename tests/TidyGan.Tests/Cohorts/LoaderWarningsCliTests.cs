using System.Text.Json;
using TidyGan.Data;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.Cohorts;

/// <summary>
/// `train dcgan` on a DICOM cohort prints what the loaders only record as `warning:` lines: a broken file skipped in a
/// subject's series, a corrupt slice-cache entry rebuilt; and records the MR rule (--mr-intensity) in config.json.
/// </summary>
[Trait(Traits.Category, Traits.PythonReference)]
public sealed class LoaderWarningsCliTests
{
    [Fact]
    public void TrainingOnACohortPrintsDicomAndSliceCacheWarnings()
    {
        using var dir = new TempDirectory();
        var cohort = Path.Combine(dir.Path, "cohort");
        foreach (var subject in new[] { "p01", "p02", "p03" })
        {
            Directory.CreateDirectory(Path.Combine(cohort, subject));
            Python.Json(DicomCohortPipelineTests.WriteMr, Path.Combine(cohort, subject, "mr"), subject);
        }
        foreach (var subject in new[] { "p01", "p02", "p03" })
        {
            var good = Directory.GetFiles(Path.Combine(cohort, subject, "mr")).Order(StringComparer.Ordinal).First();
            var bytes = File.ReadAllBytes(good);
            File.WriteAllBytes(Path.Combine(cohort, subject, "mr", "zz-truncated.dcm"), bytes[..(bytes.Length / 2)]);
        }
        string[] Train(string run, params string[] extra) =>
            ["train", "dcgan", "--data", $"cohort:{cohort}:mr", "--size", "32", "--steps", "1", "--batch", "4", "--out", Path.Combine(dir.Path, run), .. extra];

        var first = CliRunner.Run(Train("run1"));
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains(first.Lines, l => l.StartsWith("warning:", StringComparison.Ordinal) && l.Contains("zz-truncated.dcm: unreadable, skipped"));

        // A corrupt cache entry: rebuilt, and said so.
        var entry = Directory.GetFiles(Path.Combine(cohort, SliceCache.FolderName), "*.f32").Order(StringComparer.Ordinal).First();
        var data = File.ReadAllBytes(entry);
        data[data.Length / 2] ^= 0xFF;
        File.WriteAllBytes(entry, data);
        var second = CliRunner.Run(Train("run2"));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains(second.Lines, l => l.StartsWith("warning: slice cache:", StringComparison.Ordinal) && l.Contains("rebuilding"));

        var third = CliRunner.Run(Train("run3", "--mr-intensity", "zscore"));
        Assert.True(third.ExitCode == 0, third.Output);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "run3", "config.json")));
        var preprocessing = config.RootElement.GetProperty("data").GetProperty("preprocessing");
        Assert.Equal("zscore", preprocessing.GetProperty("intensity").GetString());
        Assert.Equal("a.u.", config.RootElement.GetProperty("data").GetProperty("intensityUnit").GetString());

        var bad = CliRunner.Run(Train("run4", "--mr-intensity", "minmax"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("percentile-volume, percentile, zscore", bad.Output);
    }
}
