using System.Net.Http.Json;
using System.Text.Json;

namespace TidyGan.TuringTest.Tests;

/// <summary>A small study in a temporary folder: distinct grey PNGs (real bright-ish, synthetic dark-ish), known tokens.</summary>
internal sealed class TestStudy : IDisposable
{
    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tidygan-turing-" + Guid.NewGuid().ToString("N"));
    public string Path => System.IO.Path.Combine(Folder, "study.db");
    public StudyCredentials Credentials { get; }

    public TestStudy(int nReal, int nFake, string[] raters, int? perRater = null, int size = 32, int seed = 1)
    {
        Directory.CreateDirectory(Folder);
        byte[] Image(int i, bool synthetic)
        {
            var pixels = new byte[size * size];
            for (int p = 0; p < pixels.Length; p++) pixels[p] = (byte)((synthetic ? 40 : 140) + (p * (i + 3)) % 97);
            return StudyPng.EncodeGrey8(pixels, size, size);
        }
        var plan = new StudyPlan(
            Enumerable.Range(0, nReal).Select(i => Image(i, false)).ToList(),
            Enumerable.Range(0, nFake).Select(i => Image(i, true)).ToList(),
            raters, new Dictionary<string, string> { ["real"] = "test real", ["fake"] = "test synthetic", ["size"] = $"{size}", ["unit"] = "HU", ["window"] = "0,2000" },
            seed, perRater);
        Credentials = StudyBuilder.Create(Path, plan, force: false);
    }

    public string Token(string rater) => Credentials.RaterTokens[rater];

    public StudyStore Store() => StudyStore.Open(Path);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The HTTP conversation a rater page has, without a browser.</summary>
internal static class RaterClient
{
    public static async Task<string> Csrf(HttpClient http, string url, string token) => CsrfOf(await http.GetStringAsync($"{url}/r/{token}"));

    /// <summary>The CSRF token a rater or admin page carries in its csrf-token meta tag.</summary>
    public static string CsrfOf(string html)
    {
        const string marker = "name=\"csrf-token\" content=\"";
        int at = html.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("no csrf-token meta tag in the page");
        at += marker.Length;
        return html[at..html.IndexOf('"', at)];
    }

    public static async Task<JsonElement> Next(HttpClient http, string url, string token) =>
        await http.GetFromJsonAsync<JsonElement>($"{url}/r/{token}/next");

    public static HttpRequestMessage Answer(string url, string token, string? csrf, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/r/{token}/answers") { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        if (csrf is not null) request.Headers.Add("X-CSRF-Token", csrf);
        return request;
    }

    public static string Body(string item, string call = "synthetic", int confidence = 3, double seconds = 0.5) =>
        JsonSerializer.Serialize(new { item, call, confidence, seconds });
}
