using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Logging;

namespace TidyGan.TuringTest;

/// <summary>
/// `tidygan turing serve`: the rater pages (/r/{token}) and the admin page (/admin/{token}) over one study
/// file, as ASP.NET Core minimal APIs. Security model: knowing a token is the only key; a rater token reaches
/// only that rater's items (anything else is the same 404 as a wrong token), the admin token is separate
/// and read-only; POSTs need same-origin (Origin / Sec-Fetch-Site) and the page's CSRF token; every body is
/// validated before the store is touched; no response is cached, none carries a referrer onwards. Failed token
/// lookups are rate-limited per client address (<see cref="TokenGuessLimiter"/>); HTTPS from PEM files, optionally.
/// </summary>
public static class TuringServer
{
    /// <summary>Largest answer body read: a valid one is under 150 bytes.</summary>
    private const int MaxBody = 4096;

    /// <summary>The client's seconds may exceed the server's (image served → answer received) by this much: clock jitter, not more.</summary>
    private const double TimingSlack = 5;

    public static WebApplication Build(string studyPath, TuringServerOptions options)
    {
        options.Validate();
        var certificate = options.CertificatePath is { } cert ? ServerCertificate.Load(cert, options.KeyPath!) : null;
        var store = StudyStore.Open(studyPath);
        var csrf = new CsrfTokens(Convert.FromBase64String(store.Meta("csrf_secret") ?? throw new IOException($"--study {studyPath}: no csrf_secret")));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        if (certificate is not null) builder.WebHost.UseKestrelHttpsConfiguration();   // the slim builder leaves HTTPS out
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024;
            if (certificate is not null) k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        var app = builder.Build();
        var guesses = new TokenGuessLimiter(options.GuessLimit, options.GuessWindow);
        app.Lifetime.ApplicationStopped.Register(guesses.Dispose);

        // Behind a reverse proxy every peer is the proxy: only on request, take the client from its X-Forwarded-For
        // (the entry the proxy appended; the proxy must be on loopback, ASP.NET Core's default known proxies).
        if (options.TrustForwardedFor)
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });

        // An address that used up its failed lookups gets 429 on every token URL until they slide out of the window.
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if ((path.StartsWithSegments("/r") || path.StartsWithSegments("/admin")) && guesses.IsLimited(http))
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(guesses.Window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Error(StatusCodes.Status429TooManyRequests, $"too many unknown links from {TokenGuessLimiter.Key(http)}: try again later").ExecuteAsync(http);
                return;
            }
            await next(http);
        });

        // The rater behind a token, or the answer for a token that is no (longer a) rater's. A miss is a guess and counts.
        (StudyRater? Rater, IResult? Refusal) FindRater(HttpContext http, string token, bool html = false)
        {
            if (store.FindRater(token) is { } rater) return (rater, null);
            if (RaterLinks.WasReplaced(store, token))
                return (null, html ? Results.Content(Page("replaced.html"), "text/html; charset=utf-8", statusCode: StatusCodes.Status410Gone)
                                   : Error(StatusCodes.Status410Gone, "this link was replaced by a new one: ask the study's organiser for it"));
            guesses.Failed(http);
            return (null, NotFound());
        }

        bool IsAdmin(HttpContext http, string token)
        {
            if (store.IsAdmin(token)) return true;
            guesses.Failed(http);
            return false;
        }
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

        app.MapGet("/r/{token}", (string token, HttpContext http) =>
        {
            var (rater, refusal) = FindRater(http, token, html: true);
            if (rater is null) return refusal!;
            string html = Page("rater.html")
                .Replace("{{CSRF}}", csrf.Issue(CsrfTokens.ForRater(rater)), StringComparison.Ordinal)
                .Replace("{{RATER}}", System.Net.WebUtility.HtmlEncode(rater.Name), StringComparison.Ordinal)
                .Replace("{{UNIT}}", System.Net.WebUtility.HtmlEncode(store.Meta("unit") ?? ""), StringComparison.Ordinal);
            return Results.Content(html, "text/html; charset=utf-8");
        });

        app.MapGet("/r/{token}/next", (string token, HttpContext http) =>
        {
            var (rater, refusal) = FindRater(http, token);
            if (rater is null) return refusal!;
            var p = store.Progress(rater);
            return Results.Json(new { answered = p.Answered, total = p.Total, item = p.NextItem });
        });

        app.MapGet("/r/{token}/image/{item}", (string token, string item, HttpContext http) =>
        {
            var (rater, refusal) = FindRater(http, token);
            if (rater is null) return refusal!;
            if (store.Image(rater, item) is not { } png) return NotFound();
            served.TryAdd((rater.Id, item), Stopwatch.GetTimestamp());   // the first time: a reload or second tab cannot shorten it
            // The same headers for every image: content type and length (all study PNGs are one size), no ETag, no Last-Modified, no name.
            return Results.Bytes(png, "image/png");
        });

        app.MapPost("/r/{token}/answers", async (string token, HttpContext http) =>
        {
            var (rater, refusal) = FindRater(http, token);
            if (rater is null) return refusal!;
            var post = await ReadPost(http, CsrfTokens.ForRater(rater));
            if (post.Body is not { } body) return post.Refusal!;
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

        app.MapGet("/admin/{token}", (string token, HttpContext http) =>
            IsAdmin(http, token)
                ? Results.Content(AdminPage.Render(store, $"/admin/{token}/answers.csv", csrf.Issue(CsrfTokens.Admin)), "text/html; charset=utf-8")
                : NotFound());

        app.MapGet("/admin/{token}/answers.csv", (string token, HttpContext http) =>
            IsAdmin(http, token)
                ? Results.Text(AnswersCsv.Write(store), "text/csv; charset=utf-8")
                : NotFound());

        // A lost rater link: a new token, the old one revoked; the answers stay the rater's. Same CSRF rules as an answer.
        app.MapPost("/admin/{token}/reissue", async (string token, HttpContext http) =>
        {
            if (!IsAdmin(http, token)) return NotFound();
            var post = await ReadPost(http, CsrfTokens.Admin);
            if (post.Body is not { } body) return post.Refusal!;
            string name;
            try { name = RaterLinks.ParseRequest(body); }
            catch (FormatException e) { return Error(StatusCodes.Status400BadRequest, e.Message); }
            if (RaterLinks.Reissue(store, name) is not { } fresh) return NotFound($"no rater named '{name}' in this study");
            var p = store.Progress(store.FindRater(fresh)!);
            return Results.Json(new { rater = name, path = $"/r/{fresh}", answered = p.Answered, total = p.Total });
        });
        return app;

        // The checks every POST passes before its body is parsed: same origin, the page's CSRF token, JSON, size.
        async Task<(byte[]? Body, IResult? Refusal)> ReadPost(HttpContext http, string? csrfSubject)
        {
            var request = http.Request;
            string? origin = request.Headers.Origin, site = request.Headers["Sec-Fetch-Site"];
            string self = $"{request.Scheme}://{request.Host}";
            if (origin is not null && !string.Equals(origin, self, StringComparison.OrdinalIgnoreCase))
                return (null, Error(StatusCodes.Status403Forbidden, $"cross-origin request from {origin} refused"));
            if (site is not null && site is not ("same-origin" or "none"))
                return (null, Error(StatusCodes.Status403Forbidden, $"cross-site request (Sec-Fetch-Site: {site}) refused"));
            if (csrfSubject is null || !csrf.Validate(csrfSubject, request.Headers[CsrfTokens.Header]))
                return (null, Error(StatusCodes.Status403Forbidden, $"missing or invalid {CsrfTokens.Header} header: reload the page"));
            if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                return (null, Error(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json"));
            var body = await ReadBody(request, http.RequestAborted);
            return body is null ? (null, Error(StatusCodes.Status413PayloadTooLarge, $"body over {MaxBody} bytes")) : (body, null);
        }
    }

    /// <summary>Starts a server (e.g. on http://127.0.0.1:0) and returns it with the address it listens on.</summary>
    public static Task<(WebApplication App, string Url)> StartAsync(string studyPath, string urls = "http://127.0.0.1:0") =>
        StartAsync(studyPath, new TuringServerOptions { Urls = urls });

    public static async Task<(WebApplication App, string Url)> StartAsync(string studyPath, TuringServerOptions options)
    {
        var app = Build(studyPath, options);
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
