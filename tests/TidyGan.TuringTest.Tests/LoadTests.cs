using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace TidyGan.TuringTest.Tests;

/// <summary>50 concurrent raters × 100 answers each on loopback: every answer stored exactly once. Prints throughput and latency; no timed assertion.</summary>
public class LoadTests(ITestOutputHelper output)
{
    [Fact, Trait(Traits.Category, Traits.Slow)]
    public async Task FiftyRatersTimesOneHundredAnswersAreEachStoredExactlyOnce()
    {
        const int raters = 50, answersEach = 100;
        var names = Enumerable.Range(0, raters).Select(i => $"rater{i:D2}").ToArray();
        using var study = new TestStudy(50, 50, names, size: 16);
        var (app, url) = await TuringServer.StartAsync(study.Path);
        await using var _ = app;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = raters });
        var orders = names.ToDictionary(n => n, n => ServerTests.Items(study.Store(), n));
        var latencies = new double[raters * answersEach];
        var statuses = new HttpStatusCode[raters * answersEach];

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(names.Select(async (name, r) =>
        {
            string token = study.Token(name), csrf = await RaterClient.Csrf(http, url, token);
            for (int i = 0; i < answersEach; i++)
            {
                string item = orders[name][i];
                long start = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(RaterClient.Answer(url, token, csrf, RaterClient.Body(item, i % 2 == 0 ? "real" : "synthetic", 1 + i % 5)));
                latencies[r * answersEach + i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                statuses[r * answersEach + i] = response.StatusCode;
            }
        }));
        clock.Stop();

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var stored = study.Store().Answers();
        Assert.Equal(raters * answersEach, stored.Count);
        Assert.Equal(raters * answersEach, stored.Select(a => (a.Rater, a.ItemId)).Distinct().Count());
        foreach (var name in names)
            Assert.Equal(orders[name].Order(), stored.Where(a => a.Rater == name).Select(a => a.ItemId).Order());

        Array.Sort(latencies);
        double P(double q) => latencies[(int)Math.Ceiling(q * latencies.Length) - 1];
        string line = $"load: {raters} raters × {answersEach} answers = {stored.Count} stored in {clock.Elapsed.TotalSeconds:F2} s → "
            + $"{stored.Count / clock.Elapsed.TotalSeconds:F0} answers/s; latency ms p50 {P(0.5):F1}, p95 {P(0.95):F1}, p99 {P(0.99):F1}, max {latencies[^1]:F1}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
