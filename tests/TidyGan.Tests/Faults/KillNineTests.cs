using Xunit.Abstractions;

namespace TidyGan.Tests.Faults;

/// <summary>
/// kill -9 at seeded random moments of real training runs (DC-GAN and Cycle-GAN on the real head data), with a
/// checkpoint every few steps so some kills land inside checkpoint writes. docs/reliability.md has the figures.
/// </summary>
public class KillNineTests(ITestOutputHelper output)
{
    private static readonly string[] DcGan = ["train", "dcgan", "--data", "ct-head", "--size", "32", "--batch", "16", "--width", "8"];
    private static readonly string[] CycleGan = ["train", "cyclegan", "--a", "mr-head", "--b", "ct-head", "--preset", "cpu", "--size", "32", "--width", "4", "--batch", "2"];

    [Fact]
    public void TwoKillsOfADcGanRunLoseAtMostOneInterval() => Check(DcGan, kills: 2, interval: 3, seed: 1);

    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void TwentyKillsOfADcGanRunLoseAtMostOneIntervalEach() => Check(DcGan, kills: 20, interval: 3, seed: 18);

    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void TwentyKillsOfACycleGanRunLoseAtMostOneIntervalEach() => Check(CycleGan, kills: 20, interval: 2, seed: 18);

    private void Check(string[] args, int kills, int interval, int seed)
    {
        using var dir = new TempDirectory();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = KillNine.Run(Path.Combine(dir.Path, "run"), args, kills, interval, seed, TimeSpan.FromSeconds(1.5));
        output.WriteLine($"{string.Join(' ', args[..2])}: {report} in {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(report.Problems.Count == 0, string.Join("\n", report.Problems));
        Assert.Equal(kills - 1, report.ResumedFromNewest);
    }
}
