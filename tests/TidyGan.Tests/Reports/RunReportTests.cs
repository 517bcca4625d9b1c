using System.Text.RegularExpressions;
using TidyGan.Reports;

namespace TidyGan.Tests.Reports;

[Collection(GlobalRandomState.Name)]   // changes the process's working directory: run alone
public class RunReportTests
{
    /// <summary>Regression: a report written for a relative run folder linked its images relative to the caller's working directory.</summary>
    [Fact]
    public void ImageLinksResolveFromThePageWhateverTheWorkingDirectory()
    {
        using var dir = new TempDirectory();
        var run = Path.Combine(dir.Path, "runs", "ct");
        Directory.CreateDirectory(Path.Combine(run, "samples"));
        File.WriteAllBytes(Path.Combine(run, "samples", "latest.png"), [137, 80, 78, 71]);
        File.WriteAllText(Path.Combine(run, "scalars.csv"), "step,name,value,wall_time\n1,loss/generator,1.5,0\n2,loss/generator,1.2,0\n");

        var previous = Environment.CurrentDirectory;
        string page;
        try
        {
            Environment.CurrentDirectory = dir.Path;
            page = RunReport.Write(Path.Combine("runs", "ct"), "test");
        }
        finally { Environment.CurrentDirectory = previous; }

        var html = File.ReadAllText(page);
        var sources = Regex.Matches(html, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, src => Assert.True(File.Exists(Path.Combine(run, Uri.UnescapeDataString(src))), $"{src} does not resolve from {run}"));
    }
}
