using Xunit.Abstractions;

namespace TidyGan.Tests.Fuzzing;

/// <summary>
/// Every reader, fed mutated real files: each input reads or raises TidyGan's error naming the file, within a
/// time limit and a bound on what it allocates. The fast part runs a fixed sample; the Slow part 10,000 inputs
/// per reader (docs/reliability.md has the figures and the commands).
/// </summary>
public class ReaderFuzzTests(ITestOutputHelper output)
{
    public const int FastCount = 200;
    public const int SlowCount = 10_000;

    public static TheoryData<string> Readers() => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Readers))]
    public void SampleOfMutatedInputsFailsCleanly(string reader) => Check(reader, FastCount);

    [Theory]
    [MemberData(nameof(Readers))]
    [Trait(Traits.Category, Traits.Slow)]
    public void TenThousandMutatedInputsFailCleanly(string reader) =>
        Check(reader, int.TryParse(Environment.GetEnvironmentVariable("TIDYGAN_FUZZ_COUNT"), out int n) ? n : SlowCountFor(reader));

    /// <summary>
    /// 10,000 per reader, except checkpoints: each builds a model and reads six files (10,000 took 401 s of a
    /// 14-minute run on the 2-core CI machine under load 20–28), so 2,500 keep the Slow run near 8 minutes.
    /// </summary>
    public static int SlowCountFor(string reader) => reader == "checkpoint" ? 2_500 : SlowCount;

    private void Check(string reader, int count)
    {
        var target = FuzzTargets.Get(reader);
        long rssBefore = Environment.WorkingSet;
        var report = FuzzHarness.Run(target, count, FuzzHarness.RunSeed);
        long rssGrowth = Environment.WorkingSet - rssBefore;
        output.WriteLine($"{report}; resident memory {rssGrowth >> 20:+0;-0} MiB over the run");
        Assert.Equal(count, report.Tried);
        Assert.True(report.Failures.Count == 0, $"{report}\n" + string.Join("\n\n", report.Failures.Take(10)));
        Assert.True(rssGrowth < 2L << 30, $"resident memory grew {rssGrowth >> 20} MiB over {count} inputs");
        Assert.True(report.CleanErrors > 0, "no input was refused: the mutator did not reach the reader");
    }
}
