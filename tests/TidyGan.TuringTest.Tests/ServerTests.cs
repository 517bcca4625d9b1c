using System.Net;
using System.Text.Json;

namespace TidyGan.TuringTest.Tests;

/// <summary>The HTTP surface against a real Kestrel on a free loopback port.</summary>
public class ServerTests
{
    [Fact]
    public async Task MalformedOrForgedAnswersGet4xxWithAMessageAndNothingIsStored()
    {
        using var study = new TestStudy(3, 3, ["ana", "ben"]);
        var (app, url) = await TuringServer.StartAsync(study.Path);
        await using var _ = app;
        using var http = new HttpClient();
        string ana = study.Token("ana"), csrf = await RaterClient.Csrf(http, url, ana);
        string item = (await RaterClient.Next(http, url, ana)).GetProperty("item").GetString()!;
        string good = RaterClient.Body(item);

        var cases = new (string Why, HttpRequestMessage Request, HttpStatusCode Expected)[]
        {
            ("no CSRF header", RaterClient.Answer(url, ana, null, good), HttpStatusCode.Forbidden),
            ("forged CSRF", RaterClient.Answer(url, ana, csrf[..^2] + "xx", good), HttpStatusCode.Forbidden),
            ("ben's CSRF on ana's link", RaterClient.Answer(url, ana, await RaterClient.Csrf(http, url, study.Token("ben")), good), HttpStatusCode.Forbidden),
            ("not JSON", RaterClient.Answer(url, ana, csrf, "call=real"), HttpStatusCode.BadRequest),
            ("form content type", RaterClient.Answer(url, ana, csrf, good, "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType),
            ("confidence 9", RaterClient.Answer(url, ana, csrf, RaterClient.Body(item, confidence: 9)), HttpStatusCode.BadRequest),
            ("unknown item", RaterClient.Answer(url, ana, csrf, RaterClient.Body("0000000000000000")), HttpStatusCode.NotFound),
            ("huge body", RaterClient.Answer(url, ana, csrf, new string(' ', 10_000) + good), HttpStatusCode.RequestEntityTooLarge),
            ("unknown rater token", RaterClient.Answer(url, "AAAAAAAAAAAAAAAAAAAAAA", csrf, good), HttpStatusCode.NotFound),
            ("longer than shown", RaterClient.Answer(url, ana, csrf, RaterClient.Body(item, seconds: 5000)), HttpStatusCode.BadRequest),
        };
        // The image is served first, so the server knows when it was shown.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}/r/{ana}/image/{item}")).StatusCode);
        var crossSite = RaterClient.Answer(url, ana, csrf, good);
        crossSite.Headers.Add("Origin", "http://evil.example");
        var fetchSite = RaterClient.Answer(url, ana, csrf, good);
        fetchSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        cases = [.. cases, ("other Origin", crossSite, HttpStatusCode.Forbidden), ("Sec-Fetch-Site cross-site", fetchSite, HttpStatusCode.Forbidden)];

        foreach (var (why, request, expected) in cases)
        {
            var response = await http.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{why}: expected {expected}, got {response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!.Length > 5, $"{why}: no message in {body}");
        }
        Assert.Equal(0, study.Store().CountAnswers());

        // The same answer, well-formed, is stored once; again is 409.
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(RaterClient.Answer(url, ana, csrf, good))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.SendAsync(RaterClient.Answer(url, ana, csrf, good))).StatusCode);
        var stored = Assert.Single(study.Store().Answers());
        Assert.Equal(("ana", item, true, 3), (stored.Rater, stored.ItemId, stored.CalledSynthetic, stored.Confidence));
    }

    [Fact]
    public async Task ARaterTokenReachesOnlyItsOwnItemsAndNeverTheAdminPage()
    {
        // 4 of 8 images each: with seed 1 ana and ben share some items and each has some the other lacks.
        using var study = new TestStudy(4, 4, ["ana", "ben"], perRater: 4);
        var (app, url) = await TuringServer.StartAsync(study.Path);
        await using var _ = app;
        using var http = new HttpClient();
        string ana = study.Token("ana"), ben = study.Token("ben");
        var store = study.Store();
        var anaItems = Items(store, "ana");
        var benOnly = Items(store, "ben").Except(anaItems).ToList();
        Assert.NotEmpty(benOnly);
        string csrf = await RaterClient.Csrf(http, url, ana);
        foreach (var item in benOnly)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{url}/r/{ana}/image/{item}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(RaterClient.Answer(url, ana, csrf, RaterClient.Body(item)))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}/r/{ben}/image/{benOnly[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{url}/admin/{ana}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{url}/admin/{ana}/answers.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}/admin/{study.Credentials.AdminToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{url}/r/{study.Credentials.AdminToken}")).StatusCode);
        Assert.Equal(0, store.CountAnswers());
    }

    [Fact]
    public async Task RealAndSyntheticImagesAreServedWithIdenticalHeadersAndLengths()
    {
        using var study = new TestStudy(3, 3, ["ana"]);
        var (app, url) = await TuringServer.StartAsync(study.Path);
        await using var _ = app;
        using var http = new HttpClient();
        string ana = study.Token("ana");
        var seen = new List<string>();
        foreach (var item in Items(study.Store(), "ana"))
        {
            var r = await http.GetAsync($"{url}/r/{ana}/image/{item}");
            var headers = r.Headers.Concat(r.Content.Headers).Where(h => h.Key != "Date")
                .Select(h => $"{h.Key}: {string.Join(",", h.Value)}").Order();
            seen.Add(string.Join("\n", headers));
            Assert.DoesNotContain("ETag", seen[^1]);
            Assert.DoesNotContain("Last-Modified", seen[^1]);
            Assert.Contains("no-store", seen[^1]);
        }
        Assert.Single(seen.Distinct());
    }

    internal static List<string> Items(StudyStore store, string rater)
    {
        using var c = store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT ri.item_id FROM rater_items ri JOIN raters r ON r.id = ri.rater_id WHERE r.name = $n ORDER BY ri.position";
        cmd.Parameters.AddWithValue("$n", rater);
        using var reader = cmd.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }
}
