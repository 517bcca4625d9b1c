using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using TidyGan.Metrics.VisualTuring;

namespace TidyGan.TuringTest.Tests;

/// <summary>The rater and admin pages in a real browser (Debian Chromium via Playwright).</summary>
[Trait(Traits.Category, Traits.Browser)]
public class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ARaterAnswersByMouseAndKeyboardLeavesAndResumesWhereTheyStopped()
    {
        using var study = new TestStudy(3, 3, ["ana", "ben"]);
        var (app, url) = await TuringServer.StartAsync(study.Path);
        await using var _ = app;
        string link = $"{url}/r/{study.Token("ana")}";
        var order = ServerTests.Items(study.Store(), "ana");
        var given = new Dictionary<string, (bool Synthetic, int Confidence)>();

        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1000, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await ShowsItem(page, order, 0);

        // Mouse: Real, confidence 4, Next.
        await page.ClickAsync("#call-real");
        await page.ClickAsync("button[data-confidence='4']");
        await page.ClickAsync("#submit");
        given[order[0]] = (false, 4);
        await ShowsItem(page, order, 1);

        // Keyboard: S, 2, Enter.
        await page.Keyboard.PressAsync("s");
        await page.Keyboard.PressAsync("2");
        await page.Keyboard.PressAsync("Enter");
        given[order[1]] = (true, 2);
        await ShowsItem(page, order, 2);

        // Mouse again: Synthetic, 5, Next.
        await page.ClickAsync("#call-synthetic");
        await page.ClickAsync("button[data-confidence='5']");
        await page.ClickAsync("#submit");
        given[order[2]] = (true, 5);
        await ShowsItem(page, order, 3);

        // Leave: close the browser context (tab, cookies, storage all gone). Come back with the same link.
        await context.CloseAsync();
        context = await fixture.Browser.NewContextAsync();
        page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await ShowsItem(page, order, 3);                           // resumes at the first unanswered image

        foreach (var (key, confidence, index) in new[] { ("r", 1, 3), ("s", 3, 4), ("r", 5, 5) })
        {
            await page.Keyboard.PressAsync(key);
            await page.Keyboard.PressAsync(confidence.ToString(CultureInfo.InvariantCulture));
            await page.Keyboard.PressAsync("Enter");
            given[order[index]] = (key == "s", confidence);
            if (index < 5) await ShowsItem(page, order, index + 1);
        }
        await page.Locator("#done").WaitForAsync();
        Assert.Equal("6 / 6", await page.TextContentAsync("#progress"));
        Assert.Empty(await page.TextContentAsync("#message") ?? "");
        await context.CloseAsync();

        var stored = study.Store().RawAnswers().Where(a => a.Answer.Rater == "ana").ToList();
        Assert.Equal(6, stored.Count);
        foreach (var (answer, _, serverSeconds) in stored)
        {
            Assert.Equal(given[answer.ItemId], (answer.CalledSynthetic, answer.Confidence));
            // Client-side time per image: positive, and no longer than the server saw the image out (+ slack).
            Assert.InRange(answer.Seconds, 0.001, 120);
            Assert.NotNull(serverSeconds);
            Assert.True(answer.Seconds <= serverSeconds + 1, $"client {answer.Seconds} s > server {serverSeconds} s");
        }
        Assert.Equal(0, study.Store().Answers().Count(a => a.Rater == "ben"));
    }

    [Fact]
    public async Task TheAdminPageShowsTheStatisticsOfTheStoredAnswersAndExportsThem()
    {
        using var study = new TestStudy(6, 6, ["ana", "ben", "chloe"]);
        var (app, url) = await TuringServer.StartAsync(study.Path);
        await using var _ = app;
        await AnswerEverything(study, url);

        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{url}/admin/{study.Credentials.AdminToken}");
        var answers = study.Store().Answers();
        var summary = TuringStatistics.Summarize(answers);
        foreach (var r in summary.PerRater.Append(summary.Overall))
        {
            string row = $"#raters tr[data-rater='{(r == summary.Overall ? "(overall)" : r.Rater)}']";
            async Task<string> Cell(string stat) => (await page.TextContentAsync($"{row} td[data-stat='{stat}']"))!;
            // Independent of the statistics code: counts straight from the answers.
            var mine = r == summary.Overall ? answers : answers.Where(a => a.Rater == r.Rater).ToList();
            int correct = mine.Count(a => a.IsSynthetic == a.CalledSynthetic);
            Assert.Equal(mine.Count.ToString(CultureInfo.InvariantCulture), await Cell("n"));
            Assert.Equal(correct.ToString(CultureInfo.InvariantCulture), await Cell("correct"));
            Assert.Equal(AdminPage.F((double)correct / mine.Count), await Cell("accuracy"));
            // And what TuringStatistics says, as the page formats it.
            Assert.Equal(AdminPage.F(r.Sensitivity.Value), await Cell("sensitivity"));
            Assert.Equal(AdminPage.F(r.Specificity.Value), await Cell("specificity"));
            Assert.Equal($"{AdminPage.F(r.Accuracy.Lower)}–{AdminPage.F(r.Accuracy.Upper)}", await Cell("accuracy-ci"));
            Assert.Equal(AdminPage.P(r.BinomialP), await Cell("p"));
            Assert.Equal(r.RocAuc is { } auc ? AdminPage.F(auc) : "–", await Cell("auc"));
        }
        foreach (var k in summary.CohenKappas)
            Assert.Equal(AdminPage.K(k.Kappa), await page.TextContentAsync($"#cohen tr[data-pair='{k.A}|{k.B}'] td[data-stat='kappa']"));
        Assert.Equal(3, summary.CohenKappas.Count);
        Assert.Equal(AdminPage.K(summary.Fleiss!.Kappa), await page.TextContentAsync("#fleiss span[data-stat='fleiss']"));

        await page.SetViewportSizeAsync(1400, 900);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv"));
        var lines = File.ReadAllLines((await download.PathAsync())!);
        Assert.Equal(AnswersCsv.HeaderLine, lines[0]);
        Assert.Equal(answers.Count + 1, lines.Length);
        // Printable: the print stylesheet hides the buttons.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.IsVisibleAsync(".actions"));

        // Re-issue ben's link from the page (admin.js, after the confirmation): the new link is shown and works, the old one is replaced.
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.ClickAsync("button[data-reissue='ben']");
        await page.WaitForSelectorAsync("#reissued:has-text('/r/')");
        string shown = (await page.TextContentAsync("#reissued"))!;
        Assert.Contains("12 of 12 answers kept", shown);
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(shown[shown.IndexOf(url + "/r/", StringComparison.Ordinal)..].Trim())).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Gone, (await http.GetAsync($"{url}/r/{study.Token("ben")}")).StatusCode);
        await page.CloseAsync();
    }

    [Fact]
    public async Task InTheBrowserARaterPageCanReachNeitherAnotherRatersItemsNorPostWithoutItsCSRFToken()
    {
        using var study = new TestStudy(4, 4, ["ana", "ben"], perRater: 4);
        var (app, url) = await TuringServer.StartAsync(study.Path);
        await using var _ = app;
        var benOnly = ServerTests.Items(study.Store(), "ben").Except(ServerTests.Items(study.Store(), "ana")).First();
        var mine = ServerTests.Items(study.Store(), "ana")[0];
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{url}/r/{study.Token("ana")}");
        string ana = study.Token("ana"), ben = study.Token("ben");
        string csrf = (await page.GetAttributeAsync("meta[name='csrf-token']", "content"))!;

        async Task<int> Fetch(string path, string? method = null, string? body = null, string? token = null) => await page.EvaluateAsync<int>(
            "async ([path, method, body, token]) => { const h = { 'Content-Type': 'application/json' }; if (token) h['X-CSRF-Token'] = token;" +
            " return (await fetch(path, method ? { method, headers: h, body } : {})).status; }", new[] { path, method, body, token });

        Assert.Equal(404, await Fetch($"/r/{ana}/image/{benOnly}"));
        Assert.Equal(404, await Fetch($"/r/{ana}/answers", "POST", RaterClient.Body(benOnly), csrf));
        Assert.Equal(403, await Fetch($"/r/{ben}/answers", "POST", RaterClient.Body(benOnly), csrf));   // ana's page token on ben's link
        Assert.Equal(403, await Fetch($"/r/{ana}/answers", "POST", RaterClient.Body(mine), null));       // no CSRF header
        Assert.Equal(404, await Fetch($"/admin/{ana}"));
        Assert.Equal(0, study.Store().CountAnswers());
        Assert.Equal(200, await Fetch($"/r/{ana}/answers", "POST", RaterClient.Body(mine), csrf));     // the page itself may
        Assert.Equal(1, study.Store().CountAnswers());
        await page.CloseAsync();
    }

    /// <summary>Waits until the page shows the image at this position of the rater's order, with progress "k / n".</summary>
    private static async Task ShowsItem(IPage page, IReadOnlyList<string> order, int index)
    {
        await page.WaitForFunctionAsync("([item, progress]) => document.getElementById('image').dataset.item === item && document.getElementById('progress').textContent === progress",
            new[] { order[index], $"{index + 1} / {order.Count}" }, new() { Timeout = 15_000 });
        Assert.False(await page.IsDisabledAsync("#call-real"));
    }

    /// <summary>Every rater answers every image over HTTP: right about 2/3 of the time, confidence by a fixed pattern.</summary>
    internal static async Task AnswerEverything(TestStudy study, string url)
    {
        using var http = new HttpClient();
        using var c = study.Store().Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, is_synthetic FROM items";
        var synthetic = new Dictionary<string, bool>();
        using (var r = cmd.ExecuteReader()) while (r.Read()) synthetic[r.GetString(0)] = r.GetInt64(1) == 1;
        int k = 0;
        foreach (var rater in study.Credentials.RaterTokens.Keys)
        {
            string token = study.Token(rater), csrf = await RaterClient.Csrf(http, url, token);
            foreach (var item in ServerTests.Items(study.Store(), rater))
            {
                k++;
                bool call = k % 3 == 0 ? !synthetic[item] : synthetic[item];
                var response = await http.SendAsync(RaterClient.Answer(url, token, csrf, RaterClient.Body(item, call ? "synthetic" : "real", 1 + k * 7 % 5, 0.5 + k % 4)));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
    }
}

/// <summary>
/// Screenshots of the rater and admin pages for docs/turing-test.md, on a demo study of real CT slices from
/// ct-head (both "real" and "synthetic" here are real slices: the pages look the same with a model's samples).
/// Runs only when TIDYGAN_SCREENSHOTS names a folder, e.g. TIDYGAN_SCREENSHOTS=docs/img/turing-test.
/// </summary>
[Trait(Traits.Category, Traits.Browser)]
public class ScreenshotTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task RaterAndAdminPagesForTheDocs()
    {
        if (BrowserFixture.ScreenshotFolder is not { } folder) return;
        Directory.CreateDirectory(folder);
        var all = TidyGan.Metrics.ImageSource.LoadWithIntensity("ct-head", null, 256, 0);
        using var slices = all.Images;
        using var real = slices.narrow(0, 50, 12).index_select(0, TorchSharp.torch.arange(0, 12, 2));
        using var fake = slices.narrow(0, 50, 12).index_select(0, TorchSharp.torch.arange(1, 12, 2));
        var window = DisplayWindow.Default(all.Unit, all.Low, all.High);
        string dir = Path.Combine(Path.GetTempPath(), "tidygan-turing-shots-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "study.db");
        var credentials = StudyBuilder.Create(path, new StudyPlan(
            StudyImageRenderer.Render(all with { Images = real }, 256, window), StudyImageRenderer.Render(all with { Images = fake }, 256, window),
            ["ana", "ben", "chloe"], new Dictionary<string, string>
            {
                ["real"] = "6 axial slices of ct-head", ["fake"] = "6 other axial slices of ct-head (demo)", ["size"] = "256", ["unit"] = all.Unit, ["window"] = window.LevelWidth,
            }, 7), force: false);
        try
        {
            var (app, url) = await TuringServer.StartAsync(path);
            await using var _ = app;
            var page = await fixture.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 950 } });
            await page.GotoAsync($"{url}/r/{credentials.RaterTokens["ana"]}");
            await page.WaitForFunctionAsync("() => !!document.getElementById('image').dataset.item");
            await page.Keyboard.PressAsync("s");
            await page.Keyboard.PressAsync("4");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "rater.png") });

            // Everyone answers everything (over HTTP), then the admin page.
            using (var http = new HttpClient())
            {
                int k = 0;
                foreach (var (rater, token) in credentials.RaterTokens)
                {
                    string csrf = await RaterClient.Csrf(http, url, token);
                    for (var next = await RaterClient.Next(http, url, token); next.GetProperty("item").GetString() is { } item; next = await RaterClient.Next(http, url, token))
                        await http.SendAsync(RaterClient.Answer(url, token, csrf, RaterClient.Body(item, ++k % 3 == 0 ? "real" : "synthetic", 1 + k * 7 % 5, 2 + k % 5)));
                }
            }
            await page.GotoAsync($"{url}/admin/{credentials.AdminToken}");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "admin.png"), FullPage = true });
            await page.CloseAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
