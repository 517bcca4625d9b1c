using System.Diagnostics;

namespace TidyGan.Tests.Cli;

/// <summary>Runs the real `tidygan` program (TidyGan.Cli.dll next to the tests) as a user would.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output)
    {
        public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Result Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "TidyGan.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); throw new TimeoutException(string.Join(' ', args)); }
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }
}
