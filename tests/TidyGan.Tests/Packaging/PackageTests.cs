using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace TidyGan.Tests.Packaging;

/// <summary>
/// TidyGan as a user gets it (README, "As a package"): the three packages are packed from a copy of src/ into a
/// temporary folder feed (a unique prerelease version, so no stale copy in the NuGet cache is ever used), then,
/// outside the repository, samples/QuickGan is built against that feed and run, and the `tidygan` tool is installed
/// from it and run. Both depend on the native-library fixes travelling with the packages.
/// </summary>
[Trait(Traits.Category, Traits.Slow)]
public sealed class PackageTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    [Fact]
    public void TheSampleBuildsAgainstThePackagesAndTrainsSamplesAndMeasures()
    {
        var samples = Path.Combine(feed.Work, "samples");
        CopyDirectory(Path.Combine(PackedFeed.RepositoryRoot(), "samples"), samples);
        // The sample's nuget.config names ../artifacts/packages; point it at this test's feed instead.
        var config = Path.Combine(samples, "nuget.config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("../artifacts/packages", feed.Folder, StringComparison.Ordinal));

        var project = Path.Combine(samples, "QuickGan");
        var build = PackedFeed.Run("dotnet", ["build", "-c", "Release", "-nologo", $"-p:TidyGanVersion={feed.Version}"], project, 600);
        Assert.True(build.ExitCode == 0, "sample build failed:\n" + build.Output);
        Assert.Contains("marked GLIBCXX_3.4.32 weak", build.Output + WeakAlreadyOrNotNeeded(), StringComparison.Ordinal);

        var output = Path.Combine(feed.Work, "quickgan-out");
        var run = PackedFeed.Run("dotnet", [Path.Combine(project, "bin", "Release", "net10.0", "QuickGan.dll"), output, "200"], feed.Work, 300);
        Assert.True(run.ExitCode == 0, "sample run failed:\n" + run.Output);
        if (OperatingSystem.IsLinux()) Assert.Contains("malloc tuned: True", run.Output, StringComparison.Ordinal);   // applied on load
        Assert.Matches(new Regex(@"^FD: \d+\.\d+ \(real vs real: \d+\.\d+", RegexOptions.Multiline), run.Output);
        Assert.Matches(new Regex(@"^KID: -?\d+\.\d+ ± \d+\.\d+", RegexOptions.Multiline), run.Output);
        Assert.Matches(new Regex(@"^PRDC: precision \d\.\d+, recall \d\.\d+, density \d+\.\d+, coverage \d\.\d+", RegexOptions.Multiline), run.Output);
        var png = File.ReadAllBytes(Path.Combine(output, "samples.png"));
        Assert.True(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "samples.png is not a PNG");
    }

    [Fact]
    public void TheInstalledToolRunsOutsideTheRepository()
    {
        var tools = Path.Combine(feed.Work, "tools");
        var install = PackedFeed.Run("dotnet",
            ["tool", "install", "--tool-path", tools, "--add-source", feed.Folder, "--version", feed.Version, "TidyGan.Tool"], feed.Work, 600);
        Assert.True(install.ExitCode == 0, "tool install failed:\n" + install.Output);
        var tidygan = Path.Combine(tools, "tidygan");

        var help = PackedFeed.Run(tidygan, ["--help"], feed.Work, 60);
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("tidygan", help.Output, StringComparison.Ordinal);
        Assert.Contains("train", help.Output, StringComparison.Ordinal);

        var list = PackedFeed.Run(tidygan, ["data", "list"], feed.Work, 60);
        Assert.True(list.ExitCode == 0, list.Output);
        Assert.Contains("fashion-mnist", list.Output, StringComparison.Ordinal);

        // A command that loads libtorch: only works where the tool's libLibTorchSharp.so carries the weak GLIBCXX need.
        var run = Path.Combine(feed.Work, "run");
        var train = PackedFeed.Run(tidygan,
            ["train", "dcgan", "--data", "fashion-mnist", "--size", "28", "--steps", "2", "--batch", "8", "--limit", "64",
             "--sample-every", "2", "--checkpoint-every", "2", "--out", run], feed.Work, 300);
        Assert.True(train.ExitCode == 0, "tool train failed:\n" + train.Output);
        Assert.True(Directory.Exists(Path.Combine(run, "checkpoints", "step-0000002")), train.Output);
    }

    /// <summary>The build patches only where the system libstdc++ lacks GLIBCXX_3.4.32; elsewhere there is nothing to log.</summary>
    private static string WeakAlreadyOrNotNeeded() =>
        File.Exists("/usr/lib/x86_64-linux-gnu/libstdc++.so.6")
        && Encoding.ASCII.GetString(File.ReadAllBytes("/usr/lib/x86_64-linux-gnu/libstdc++.so.6")).Contains("GLIBCXX_3.4.32\0", StringComparison.Ordinal)
            ? "marked GLIBCXX_3.4.32 weak" : "";

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj")) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>
/// Packs TidyGan, TidyGan.TuringTest and the tool once per test class, from a copy of the sources (so the running
/// test's own build outputs and the repository's bin/obj folders are never touched), into a temporary feed.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private readonly TempDirectory temp = new();

    public PackedFeed()
    {
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        Folder = Path.Combine(temp.Path, "feed");
        Work = Path.Combine(temp.Path, "work");
        Directory.CreateDirectory(Work);
        var root = RepositoryRoot();
        var source = Path.Combine(temp.Path, "source");
        Directory.CreateDirectory(source);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", ".editorconfig" })
            File.Copy(Path.Combine(root, file), Path.Combine(source, file));
        foreach (var folder in new[] { "src", "build" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file);
                var parts = relative.Split(Path.DirectorySeparatorChar);
                if (parts.Contains("bin") || parts.Contains("obj")) continue;
                var target = Path.Combine(source, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        foreach (var project in new[] { "TidyGan/TidyGan.csproj", "TidyGan.TuringTest/TidyGan.TuringTest.csproj", "TidyGan.Cli/TidyGan.Cli.csproj" })
        {
            var pack = Run("dotnet", ["pack", Path.Combine(source, "src", project), "-c", "Release", "-nologo", "-o", Folder, $"-p:Version={Version}"], source, 600);
            if (pack.ExitCode != 0) throw new InvalidOperationException($"dotnet pack {project} failed:\n{pack.Output}");
        }
    }

    public string Version { get; }

    /// <summary>The folder feed holding the three .nupkg files.</summary>
    public string Folder { get; }

    /// <summary>A scratch folder outside the repository.</summary>
    public string Work { get; }

    public void Dispose()
    {
        temp.Dispose();
        // The sample's restore extracted this unique version into the NuGet cache: remove it again.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "tidygan", "tidygan.turingtest", "tidygan.tool" })
        {
            var folder = Path.Combine(cache, id, Version);
            try { if (Directory.Exists(folder)) Directory.Delete(folder, true); } catch (IOException) { }
        }
    }

    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, string directory, int timeoutSeconds)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // The test host's MSBuild variables would steer the child build; a user's shell has none of them.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeoutSeconds} s:\n{output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TidyGan.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TidyGan.sln not found above " + AppContext.BaseDirectory);
    }
}
