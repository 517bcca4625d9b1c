namespace TidyGan.Tests.Cli;

/// <summary>User mistakes give one clear `error:` line and a non-zero exit code, never a stack trace.</summary>
public class CliErrorTests
{
    public static TheoryData<string[], string> Mistakes => new()
    {
        { ["train", "dcgan", "--data", "no-such-data", "--out", "/tmp/tidygan-never"], "fashion-mnist" },
        { ["train", "dcgan", "--data", "ct-head", "--loss", "bogus", "--out", "/tmp/tidygan-never"], "wgan-gp" },
        { ["train", "dcgan", "--data", "ct-head", "--size", "50", "--out", "/tmp/tidygan-never"], "50" },
        { ["train", "dcgan", "--data", "ct-head"], "--out" },
        { ["train", "dcgan", "--data", "ct-head", "--steps", "many", "--out", "/tmp/tidygan-never"], "many" },
        { ["train", "dcgan", "--resume", "/no/such/run"], "/no/such/run" },
        { ["sample", "--checkpoint", "/no/such/run"], "/no/such/run" },
        { ["sample", "--checkpoint", "/tmp", "--n", "0"], "--n" },
        { ["interpolate", "--checkpoint", "/no/such/run"], "/no/such/run" },
        { ["data", "info", "/no/such/file.nii.gz"], "/no/such/file.nii.gz" },
        { ["train", "gan9000"], "gan9000" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void MistakeGivesOneClearLine(string[] args, string mentioned)
    {
        var result = CliRunner.Run(args);
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Output);          // no stack trace
        Assert.DoesNotContain("internal error", result.Output);
        Assert.Contains(mentioned, result.Output);
    }

    [Theory]
    [InlineData("train", "dcgan", "--data", "ct-head", "--stpes", "3", "--out", "/tmp/tidygan-never")]
    [InlineData("sample", "--checkpoint", "/no/such/run", "--grid")]
    [InlineData("data", "lsit")]
    public void UnknownFlagOrVerbIsAParseError(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Output);
        Assert.False(Directory.Exists("/tmp/tidygan-never"));        // nothing was trained
    }

    [Fact]
    public void DamagedNiftiNamesFileAndField()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "broken.nii");
        var header = new byte[352];
        BitConverter.GetBytes(348).CopyTo(header, 0);
        File.WriteAllBytes(file, header);                          // no magic, no dims

        var result = CliRunner.Run("data", "info", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Lines);
        Assert.Contains("broken.nii", result.Output);
        Assert.Contains("field", result.Output);
    }

    [Theory]
    [InlineData("train", "dcgan")]
    [InlineData("train", "cgan")]
    [InlineData("sample")]
    [InlineData("interpolate")]
    [InlineData("report")]
    [InlineData("data", "info")]
    [InlineData("data", "list")]
    [InlineData("evaluate")]
    [InlineData("features", "extract")]
    [InlineData("features", "train")]
    public void EveryVerbHasHelp(params string[] verb)
    {
        var result = CliRunner.Run([.. verb, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("USAGE", result.Output);
    }
}

public class CliUnsupportedFileTests
{
    [Fact]
    public void UnsupportedFileTypeIsNamed()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "notes.txt");
        File.WriteAllText(file, "hello");
        var result = CliRunner.Run("data", "info", file);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(file, result.Output);
        Assert.Contains("not a format TidyGan reads", result.Output);
    }
}
