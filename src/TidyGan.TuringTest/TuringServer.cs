using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TidyGan.TuringTest;

/// <summary>
/// `tidygan turing serve`: the rater pages (/r/{token}) and the admin page (/admin/{token}) over one study
/// file, as ASP.NET Core minimal APIs. Security model: knowing a token is the only key; a rater token reaches
/// only that rater's items (anything else is the same 404 as a wrong token), the admin token is separate
/// and read-only; POSTs need same-origin (Origin / Sec-Fetch-Site) and the page's CSRF token; every body is
/// validated before the store is touched; no response is cached, none carries a referrer onwards.
/// </summary>
public static class TuringServer
{
    /// <summary>Largest answer body read: a valid one is under 150 bytes.</summary>
    private const int MaxBody = 4096;

    /// <summary>The client's seconds may exceed the server's (image served → answer received) by this much: clock jitter, not more.</summary>
    private const double TimingSlack = 5;

    public static WebApplication Build(string studyPath, string urls, LogLevel logLevel = LogLevel.Warning)
    {
        var store = StudyStore.Open(studyPath);
        var csrf = new CsrfTokens(Convert.FromBase64String(store.Meta("csrf_secret") ?? throw new IOException($"--study {studyPath}: no csrf_secret")));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024;
        });
        builder.Logging.SetMinimumLevel(logLevel);
        var app = builder.Build();
        // When each rater's image was first sent (since start-up), to sanity-check the page's own timing.
        var served = new ConcurrentDictionary<(long Rater, string Item), long>();

        app.Use(async (http, next) =>
        {
            var h = http.Response.Headers;
            h.CacheControl = "no-store";
            h.Pragma = "no-cache";
            h["Referrer-Policy"] = "no-referrer";                 // tokens live in URLs: never send them onwards
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            await next(http);
        });

        app.MapGet("/", () => Results.Text("TidyGan visual Turing test: open the link you were given.\n", "text/plain; charset=utf-8"));
        app.MapGet("/assets/{name}", (string name) => name is "rater.js" or "admin.js" or "turing.css"
            ? Results.Text(Page(name), name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
            : NotFound());

        app.MapGet("/r/{token}", (string token) =>
        {
            if (store.FindRater(token) is not { } rater) return NotFound();
            string html = Page("rater.html")
                .Replace("{{CSRF}}", csrf.Issue(rater), StringComparison.Ordinal)
                .Replace("{{RATER}}", System.Net.WebUtility.HtmlEncode(rater.Name), StringComparison.Ordinal)
                .Replace("{{UNIT}}", System.Net.WebUtility.HtmlEncode(store.Meta("unit") ?? ""), StringComparison.Ordinal);
            return Results.Content(html, "text/html; charset=utf-8");
        });

        app.MapGet("/r/{token}/next", (string token) =>
        {
            if (store.FindRater(token) is not { } rater) return NotFound();
            var p = store.Progress(rater);
            return Results.Json(new { answered = p.Answered, total = p.Total, item = p.NextItem });
        });

        app.MapGet("/r/{token}/image/{item}", (string token, string item) =>
        {
            if (store.FindRater(token) is not { } rater || store.Image(rater, item) is not { } png) return NotFound();
            served.TryAdd((rater.Id, item), Stopwatch.GetTimestamp());   // the first time: a reload or second tab cannot shorten it
            // The same headers for every image: content type and length (all study PNGs are one size), no ETag, no Last-Modified, no name.
            return Results.Bytes(png, "image/png");
        });

        app.MapPost("/r/{token}/answers", async (string token, HttpContext http) =>
        {
            if (store.FindRater(token) is not { } rater) return NotFound();
            var request = http.Request;
            string? origin = request.Headers.Origin, site = request.Headers["Sec-Fetch-Site"];
            string self = $"{request.Scheme}://{request.Host}";
            if (origin is not null && !string.Equals(origin, self, StringComparison.OrdinalIgnoreCase))
                return Error(StatusCodes.Status403Forbidden, $"cross-origin request from {origin} refused");
            if (site is not null && site is not ("same-origin" or "none"))
                return Error(StatusCodes.Status403Forbidden, $"cross-site request (Sec-Fetch-Site: {site}) refused");
            if (!csrf.Validate(rater, request.Headers[CsrfTokens.Header]))
                return Error(StatusCodes.Status403Forbidden, $"missing or invalid {CsrfTokens.Header} header: reload the page");
            if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                return Error(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
            var body = await ReadBody(request, http.RequestAborted);
            if (body is null) return Error(StatusCodes.Status413PayloadTooLarge, $"body over {MaxBody} bytes");
            AnswerRequest answer;
            try { answer = AnswerRequest.Parse(body); }
            catch (FormatException e) { return Error(StatusCodes.Status400BadRequest, e.Message); }

            double? serverSeconds = served.TryGetValue((rater.Id, answer.ItemId), out long at) ? Stopwatch.GetElapsedTime(at).TotalSeconds : null;
            if (serverSeconds is { } s && answer.Seconds > s + TimingSlack)
                return Error(StatusCodes.Status400BadRequest, $"'seconds' = {answer.Seconds:F1} is longer than the image has been shown ({s:F1} s)");
            var outcome = await store.AnswerAsync(rater, new AnswerInput(answer.ItemId, answer.CalledSynthetic, answer.Confidence, answer.Seconds, serverSeconds), http.RequestAborted);
            if (outcome == AnswerOutcome.UnknownItem) return NotFound("unknown item");
            if (outcome == AnswerOutcome.AlreadyAnswered) return Error(StatusCodes.Status409Conflict, "this image was already answered");
            served.TryRemove((rater.Id, answer.ItemId), out _);
            var p = store.Progress(rater);
            return Results.Json(new { stored = true, answered = p.Answered, total = p.Total, item = p.NextItem });
        });

        app.MapGet("/admin/{token}", (string token) =>
            store.IsAdmin(token) ? Results.Content(AdminPage.Render(store, $"/admin/{token}/answers.csv"), "text/html; charset=utf-8") : NotFound());

        app.MapGet("/admin/{token}/answers.csv", (string token) =>
            store.IsAdmin(token)
                ? Results.Text(AnswersCsv.Write(store), "text/csv; charset=utf-8")
                : NotFound());
        return app;
    }

    /// <summary>Starts a server (e.g. on http://127.0.0.1:0) and returns it with the address it listens on.</summary>
    public static async Task<(WebApplication App, string Url)> StartAsync(string studyPath, string urls = "http://127.0.0.1:0")
    {
        var app = Build(studyPath, urls);
        await app.StartAsync();
        return (app, app.Urls.First().TrimEnd('/'));
    }

    private static IResult NotFound(string message = "not found") => Error(StatusCodes.Status404NotFound, message);

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static async Task<byte[]?> ReadBody(HttpRequest request, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + read > MaxBody) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static readonly ConcurrentDictionary<string, string> Pages = new();

    internal static string Page(string name) => Pages.GetOrAdd(name, n =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TidyGan.TuringTest.Pages." + n)
            ?? throw new InvalidOperationException($"page {n} is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });
}
