using System.Net;
using System.Text.Json;

namespace TidyGan.TuringTest.Tests;

/// <summary>A lost rater link re-issued from the admin page over HTTP: new link works, old one says it was replaced, answers kept.</summary>
public class ReissueTests
{
    [Fact]
    public async Task AReissuedLinkReplacesTheOldOneAndKeepsTheRatersAnswers()
    {
        using var study = new TestStudy(3, 3, ["ana", "ben"]);
        var (app, url) = await TuringServer.StartAsync(study.Path);
        await using var _ = app;
        using var http = new HttpClient();
        string old = study.Token("ana"), admin = $"{url}/admin/{study.Credentials.AdminToken}";
        // ana answers two images with her first link.
        string csrf = await RaterClient.Csrf(http, url, old);
        for (int i = 0; i < 2; i++)
        {
            string item = (await RaterClient.Next(http, url, old)).GetProperty("item").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(RaterClient.Answer(url, old, csrf, RaterClient.Body(item)))).StatusCode);
        }
        string adminPage = await http.GetStringAsync(admin);
        Assert.Contains("data-reissue=\"ana\"", adminPage);
        string adminCsrf = RaterClient.CsrfOf(adminPage);

        HttpRequestMessage Reissue(string body, string? token, string? origin = null)
        {
            var r = new HttpRequestMessage(HttpMethod.Post, $"{admin}/reissue") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            if (token is not null) r.Headers.Add("X-CSRF-Token", token);
            if (origin is not null) r.Headers.Add("Origin", origin);
            return r;
        }
        string ana = JsonSerializer.Serialize(new { rater = "ana" });
        // Refused, and nothing changes: no CSRF token, a rater page's token, another origin, wrong admin token, bad body, unknown rater.
        var refused = new (string Why, HttpRequestMessage Request, HttpStatusCode Expected)[]
        {
            ("no CSRF header", Reissue(ana, null), HttpStatusCode.Forbidden),
            ("a rater page's CSRF token", Reissue(ana, csrf), HttpStatusCode.Forbidden),
            ("other Origin", Reissue(ana, adminCsrf, "http://evil.example"), HttpStatusCode.Forbidden),
            ("extra field", Reissue("{\"rater\":\"ana\",\"x\":1}", adminCsrf), HttpStatusCode.BadRequest),
            ("unknown rater", Reissue("{\"rater\":\"zoe\"}", adminCsrf), HttpStatusCode.NotFound),
        };
        foreach (var (why, request, expected) in refused)
        {
            var response = await http.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{why}: expected {expected}, got {response.StatusCode}");
        }
        var wrongAdmin = new HttpRequestMessage(HttpMethod.Post, $"{url}/admin/{StudyTokens.NewToken()}/reissue") { Content = new StringContent(ana, System.Text.Encoding.UTF8, "application/json") };
        wrongAdmin.Headers.Add("X-CSRF-Token", adminCsrf);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(wrongAdmin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}/r/{old}")).StatusCode);     // still ana's link

        var reissued = await http.SendAsync(Reissue(ana, adminCsrf));
        Assert.Equal(HttpStatusCode.OK, reissued.StatusCode);
        var body = JsonDocument.Parse(await reissued.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("ana", 2, 6), (body.GetProperty("rater").GetString(), body.GetProperty("answered").GetInt32(), body.GetProperty("total").GetInt32()));
        string fresh = body.GetProperty("path").GetString()!["/r/".Length..];
        Assert.True(StudyTokens.LooksLikeToken(fresh) && fresh != old);

        // The old link: a clear page (410), and its JSON endpoints and answers refused; the new one resumes at answer 3.
        var oldPage = await http.GetAsync($"{url}/r/{old}");
        Assert.Equal(HttpStatusCode.Gone, oldPage.StatusCode);
        Assert.Contains("This link was replaced", await oldPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, (await http.GetAsync($"{url}/r/{old}/next")).StatusCode);
        string nextItem = (await RaterClient.Next(http, url, fresh)).GetProperty("item").GetString()!;
        Assert.Equal(HttpStatusCode.Gone, (await http.SendAsync(RaterClient.Answer(url, old, csrf, RaterClient.Body(nextItem)))).StatusCode);
        Assert.Equal(2, (await RaterClient.Next(http, url, fresh)).GetProperty("answered").GetInt32());
        string freshCsrf = await RaterClient.Csrf(http, url, fresh);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(RaterClient.Answer(url, fresh, freshCsrf, RaterClient.Body(nextItem)))).StatusCode);
        Assert.Equal(3, study.Store().Answers().Count(a => a.Rater == "ana"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}/r/{study.Token("ben")}")).StatusCode);   // ben untouched
        foreach (var file in new[] { study.Path, study.Path + "-wal" }.Where(File.Exists))
            Assert.DoesNotContain(fresh, File.ReadAllText(file, System.Text.Encoding.Latin1));               // only its hash is kept
        Assert.True(StudyVerifier.Verify(study.Store()).Ok);
    }
}
