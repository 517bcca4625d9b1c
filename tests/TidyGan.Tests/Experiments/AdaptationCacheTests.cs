using TidyGan.Experiments;
using TidyGan.Segmentation;
using TidyGan.Data;

namespace TidyGan.Tests.Experiments;

/// <summary>adapt-experiment's arm cache, with a fake trainer and scorer (no data, no training: milliseconds).</summary>
public class AdaptationCacheTests
{
    private static (AdaptationArmRunner Runner, List<string> Trained) FakeRunner()
    {
        var trained = new List<string>();
        var runner = new AdaptationArmRunner(
            (arm, run) => { Directory.CreateDirectory(run); File.WriteAllText(Path.Combine(run, "model.txt"), arm.Name); trained.Add(arm.Name); return true; },
            (arm, run) => File.Exists(Path.Combine(run, "model.txt")),
            (run, target) => [new ClassScore(1, "head", 0.9, 2.0, 0), new ClassScore(2, "brain", 0.8, 3.0, 0)]);
        return (runner, trained);
    }

    private static AdaptationStudyOptions Options => new([HeadDomains.SimulatedMr], [1], Steps: 12);

    [Fact]
    public void SameOptionsReuseEveryArmAndAChangedAlphaStopsNamingTheFieldThenForceRerunsOnlyTheAdaptedArm()
    {
        using var dir = new TempDirectory();
        var (runner, trained) = FakeRunner();
        new AdaptationStudy(Options, dir.Path, runner: runner).RunSeed(1);
        Assert.Equal(["source-only", "adapted-sim-mr", "supervised-sim-mr"], trained);
        Assert.True(File.Exists(Path.Combine(dir.Path, "results.md")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "seed-1", "adapted-sim-mr", ArmCache.FileName)));

        trained.Clear();
        var again = new AdaptationStudy(Options, dir.Path, runner: runner).RunSeed(1);     // change nothing: reused
        Assert.Empty(trained);
        Assert.Equal(3, again.Count);

        var e = Assert.Throws<ArmMismatchException>(() => new AdaptationStudy(Options with { Alpha = 0.2 }, dir.Path, runner: runner).RunSeed(1));
        Assert.Contains("configuration.Segmentation.Adaptation.Alpha: 0.1 → 0.2", e.Message);
        Assert.Empty(trained);

        var notices = new List<string>();
        new AdaptationStudy(Options with { Alpha = 0.2, Force = true }, dir.Path, runner: runner).RunSeed(1, notice: notices.Add);
        Assert.Equal(["source-only", "adapted-sim-mr", "supervised-sim-mr"], trained);     // --force reruns every arm
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(dir.Path, "seed-1"), "*.replaced-*").Length);
        Assert.Equal(3, notices.Count);

        trained.Clear();
        var grl = new AdaptationStudy(Options with { Alpha = 0.2, Mode = "grl", Objective = "minimax" }, dir.Path, runner: runner);
        Assert.Throws<ArmMismatchException>(() => grl.RunSeed(1));                           // --mode was ignored before: now it counts
        Assert.Empty(trained);
    }

    [Theory]
    [InlineData("Mode")]
    [InlineData("DiscriminatorLayers")]
    [InlineData("Steps")]
    public void EachOptionThatChangesTheArmIsNamed(string option)
    {
        using var dir = new TempDirectory();
        var (runner, trained) = FakeRunner();
        new AdaptationStudy(Options, dir.Path, runner: runner).RunSeed(1);
        var changed = option switch
        {
            "Mode" => Options with { Mode = "grl", Objective = "minimax" },
            "DiscriminatorLayers" => Options with { DiscriminatorLayers = ["bottleneck"] },
            _ => Options with { Steps = 24 },
        };
        var e = Assert.Throws<ArmMismatchException>(() => new AdaptationStudy(changed, dir.Path, runner: runner).RunSeed(1));
        string expected = option switch
        {
            "Mode" => "configuration.Segmentation.Adaptation.Update: \"Alternating\" → \"GradientReversal\"",
            "DiscriminatorLayers" => "configuration.Segmentation.Adaptation.Layers",
            _ => "configuration.Trainer.Steps: 12 → 24",
        };
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ACorruptArmRecordFailsWithItsPathAndKeepsTheRun()
    {
        using var dir = new TempDirectory();
        var (runner, trained) = FakeRunner();
        new AdaptationStudy(Options, dir.Path, runner: runner).RunSeed(1);
        var record = Path.Combine(dir.Path, "seed-1", "source-only", ArmCache.FileName);
        File.WriteAllText(record, "{\"key\": ");
        trained.Clear();
        var e = Assert.Throws<ArmCacheException>(() => new AdaptationStudy(Options, dir.Path, runner: runner).RunSeed(1));
        Assert.Contains(record, e.Message);
        Assert.Empty(trained);
        Assert.True(File.Exists(Path.Combine(dir.Path, "seed-1", "source-only", "model.txt")));
    }
}
