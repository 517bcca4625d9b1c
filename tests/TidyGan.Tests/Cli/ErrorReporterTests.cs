using TidyGan.Cli;
using TidyGan.Data;
using TidyGan.IO;
using TidyGan.Training;

namespace TidyGan.Tests.Cli;

/// <summary>Users get one line and exit 1; bugs get a short line, exit 70 and a crash log with the stack trace.</summary>
public class ErrorReporterTests
{
    public static TheoryData<Exception> UserErrors => new()
    {
        new UserException("fashion-mnist has no labels here"),
        new CheckpointException("runs/x", "holds a 'cyclegan' model"),
        new DataFormatException("scan.nii", "dim", "= -3: dimensions must be positive"),
        new MissingDataPackageException("ct-head", "invesalius-examples", "/usr/share/doc/invesalius-examples"),
        new TrainingDivergedException(12, "D", double.NaN, null),
        new ArgumentException("--size 50 is not b·2^k"),
        new ArgumentOutOfRangeException("Steps", "--steps must be positive"),
        new FileNotFoundException("/no/such/file: no such file"),
        new DirectoryNotFoundException("/no/such/run"),
        new UnauthorizedAccessException("/root/out: permission denied"),
        new IOException("disk full"),
        new InvalidDataException("x.npy is not a .npy file"),
    };

    [Theory]
    [MemberData(nameof(UserErrors))]
    public void UserErrorPrintsOneLineAndExits1(Exception exception)
    {
        using var dir = new TempDirectory();
        var stderr = new StringWriter();

        var code = ErrorReporter.Report(exception, stderr, [dir.Path]);

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Empty(Directory.GetFiles(dir.Path));                    // no crash log for a user mistake
    }

    [Fact]
    public void WrappedUserErrorShowsTheInnerMessage()
    {
        var stderr = new StringWriter();
        ErrorReporter.Report(new AggregateException(new UserException("the inner message")), stderr, []);
        Assert.Equal("error: the inner message", stderr.ToString().Trim());
    }

    public static TheoryData<Exception> Bugs => new()
    {
        new InvalidOperationException("Sequence contains no elements"),
        new NotSupportedException("not supported"),
        new NullReferenceException(),
        new ArgumentNullException("options"),
        new IndexOutOfRangeException(),
        new KeyNotFoundException("'conv1.weight'"),
    };

    [Theory]
    [MemberData(nameof(Bugs))]
    public void BugExits70WithCrashLogHoldingTheStackTrace(Exception thrown)
    {
        using var dir = new TempDirectory();
        var stderr = new StringWriter();
        var exception = Thrown(thrown);
        ErrorReporter.Arguments = ["train", "dcgan", "--data", "ct-head"];

        var code = ErrorReporter.Report(exception, stderr, [Path.Combine(dir.Path, "state", "tidygan")]);

        Assert.Equal(70, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"internal error: {thrown.GetType().FullName}: ", line);
        Assert.DoesNotContain("   at ", line);
        var log = Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "state", "tidygan"), "crash-*.log"));
        Assert.EndsWith($"the stack trace is in {log}", line);
        var text = File.ReadAllText(log);
        Assert.Contains(exception.ToString(), text);
        Assert.Contains(nameof(Thrown), text);                          // the stack trace names the throwing method
        Assert.Contains("tidygan train dcgan --data ct-head", text);
    }

    [Fact]
    public void CrashLogFallsBackToTheNextFolder()
    {
        using var dir = new TempDirectory();
        var blocked = Path.Combine(dir.Path, "file");
        File.WriteAllText(blocked, "");                                 // a file where a folder should go
        var stderr = new StringWriter();

        var code = ErrorReporter.Report(Thrown(new InvalidOperationException("bug")), stderr, [Path.Combine(blocked, "tidygan"), dir.Path]);

        Assert.Equal(70, code);
        Assert.Single(Directory.GetFiles(dir.Path, "crash-*.log"));
    }

    [Fact]
    public void WithoutAnyWritableFolderTheStackGoesToStandardError()
    {
        using var dir = new TempDirectory();
        var blocked = Path.Combine(dir.Path, "file");
        File.WriteAllText(blocked, "");
        var stderr = new StringWriter();

        Assert.Equal(70, ErrorReporter.Report(Thrown(new InvalidOperationException("bug")), stderr, [Path.Combine(blocked, "x")]));
        Assert.Contains(nameof(Thrown), stderr.ToString());
    }

    private static Exception Thrown(Exception exception)
    {
        try { throw exception; }
        catch (Exception e) { return e; }
    }
}
