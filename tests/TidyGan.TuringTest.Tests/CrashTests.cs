using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace TidyGan.TuringTest.Tests;

/// <summary>kill -9 of the real `tidygan turing serve` process while raters post: no acknowledged answer is lost.</summary>
public class CrashTests
{
    [Fact]
    public async Task Kill9OfTheServerLosesNoAcknowledgedAnswer()
    {
        using var study = new TestStudy(20, 20, ["ana", "ben", "chloe", "dev"]);
        using var server = StartCli("turing", "serve", "--study", study.Path, "--urls", "http://127.0.0.1:0");
        string url = await ListeningUrl(server);
        using var http = new HttpClient();
        var acknowledged = new ConcurrentBag<(string Rater, string Item)>();
        int killAfter = 60;
        using var stop = new CancellationTokenSource();

        async Task Rate(string rater)
        {
            string token = study.Token(rater), csrf = await RaterClient.Csrf(http, url, token);
            foreach (var item in ServerTests.Items(study.Store(), rater))
            {
                try
                {
                    var r = await http.SendAsync(RaterClient.Answer(url, token, csrf, RaterClient.Body(item)), stop.Token);
                    if (r.StatusCode == HttpStatusCode.OK) acknowledged.Add((rater, item));
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException) { return; }   // the server is gone
                if (acknowledged.Count >= killAfter && !server.HasExited)
                {
                    server.Kill();                                  // SIGKILL: no shutdown, no flush, no checkpoint
                    return;
                }
            }
        }
        await Task.WhenAll(new[] { "ana", "ben", "chloe", "dev" }.Select(Rate));
        await server.WaitForExitAsync();
        Assert.True(acknowledged.Count >= killAfter, $"only {acknowledged.Count} answers acknowledged before the kill");

        var stored = study.Store().Answers().Select(a => (a.Rater, a.ItemId)).ToHashSet();
        var lost = acknowledged.Where(a => !stored.Contains(a)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged answers lost: {string.Join(", ", lost.Take(5))}");
        Assert.True(stored.Count < 160, "the kill came after every answer: the test proved nothing");

        // And the study still serves after the crash: WAL recovery, same answers.
        using var again = StartCli("turing", "serve", "--study", study.Path, "--urls", "http://127.0.0.1:0");
        string url2 = await ListeningUrl(again);
        var next = await RaterClient.Next(http, url2, study.Token("ana"));
        Assert.Equal(stored.Count(a => a.Rater == "ana"), next.GetProperty("answered").GetInt32());
        again.Kill();
    }

    /// <summary>Runs the CLI to the end (3 minutes at most): exit code and stdout + stderr.</summary>
    internal static (int Code, string Output) RunCli(params string[] args)
    {
        using var p = StartCli(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(); throw new TimeoutException(string.Join(' ', args)); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    internal static Process StartCli(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "TidyGan.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    internal static async Task<string> ListeningUrl(Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("listening on ", StringComparison.Ordinal)) return line["listening on ".Length..].Trim();
        throw new InvalidOperationException("server exited without listening: " + await server.StandardError.ReadToEndAsync());
    }
}
