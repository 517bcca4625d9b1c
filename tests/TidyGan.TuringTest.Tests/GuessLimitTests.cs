using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace TidyGan.TuringTest.Tests;

/// <summary>
/// Token guessing is limited per client address: failed lookups beyond the limit get 429 with Retry-After, valid
/// tokens from that address too (so the answer tells a guesser nothing), while raters elsewhere, and a rater's own
/// traffic of any volume, are never limited. The window is an hour so no step of the test can outlast it.
/// </summary>
public class GuessLimitTests(ITestOutputHelper output)
{
    private const int Limit = 5;
    private static readonly TuringServerOptions Options = new() { GuessLimit = Limit, GuessWindow = TimeSpan.FromHours(1) };

    [Fact]
    public async Task GuessesBeyondTheLimitGet429WhileRatersAtOtherAddressesAreUnaffected()
    {
        using var study = new TestStudy(4, 4, ["ana", "ben"]);
        var (app, url) = await TuringServer.StartAsync(study.Path, Options);
        await using var _ = app;
        using var guesser = From("127.0.0.2");
        using var rater = From("127.0.0.1");
        var table = new List<string> { "| client | requests | answers |", "|---|---|---|" };

        // 8 guessed rater tokens and 4 admin tokens from one address: 5 × 404, then 429 for all the rest.
        var codes = new List<HttpStatusCode>();
        string? retryAfter = null;
        for (int i = 0; i < 12; i++)
        {
            var r = await guesser.GetAsync(i < 8 ? $"{url}/r/{StudyTokens.NewToken()}" : $"{url}/admin/{StudyTokens.NewToken()}");
            codes.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests) retryAfter = r.Headers.RetryAfter?.Delta?.TotalSeconds.ToString();
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, Limit).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 12 - Limit)), codes);
        Assert.Equal("3600", retryAfter);
        table.Add($"| guesser (127.0.0.2) | 12 unknown tokens (8 rater, 4 admin) | {Count(codes, 404)} × 404, then {Count(codes, 429)} × 429, `Retry-After: {retryAfter}` |");

        // Rule: a limited address gets 429 for valid tokens too; the X-Forwarded-For header is ignored unless opted in.
        var valid = await guesser.GetAsync($"{url}/r/{study.Token("ana")}");
        Assert.Equal(HttpStatusCode.TooManyRequests, valid.StatusCode);
        var spoof = new HttpRequestMessage(HttpMethod.Get, $"{url}/r/{StudyTokens.NewToken()}");
        spoof.Headers.Add("X-Forwarded-For", "198.51.100.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.SendAsync(spoof)).StatusCode);
        table.Add("| guesser, then | ana's valid link; a guess with a forged `X-Forwarded-For` | 429, 429 |");
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync($"{url}/")).StatusCode);   // pages without a token are not limited

        // A rater at another address: a whole session (page, then next + image + answer per image), far over the limit.
        var session = await RateAll(rater, url, study.Token("ben"));
        Assert.All(session, code => Assert.True((int)code is >= 200 and < 300, $"rater got {code}"));
        Assert.True(session.Count > 4 * Limit);
        Assert.Equal(8, study.Store().Answers().Count(a => a.Rater == "ben"));
        table.Add($"| rater ben (127.0.0.1) | {session.Count}: page, then next + image + answer × 8, last next | {Count(session, 200)} × 200 |");

        // Even failures of a valid rater's own (unknown items under a valid token) are not guesses.
        var anaCodes = new List<HttpStatusCode>();
        for (int i = 0; i < 2 * Limit; i++) anaCodes.Add((await rater.GetAsync($"{url}/r/{study.Token("ana")}/image/{i:x16}")).StatusCode);
        anaCodes.Add((await rater.GetAsync($"{url}/r/{study.Token("ana")}")).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 2 * Limit).Append(HttpStatusCode.OK), anaCodes);
        table.Add($"| rater ana (127.0.0.1) | {2 * Limit} unknown images under her valid link, then her page | {2 * Limit} × 404, then 200 |");
        output.WriteLine($"limit {Limit} failed lookups per address per hour:\n" + string.Join("\n", table));
    }

    [Fact]
    public async Task BehindAProxyTheForwardedClientIsLimitedOnlyWhenOptedIn()
    {
        using var study = new TestStudy(2, 2, ["ana"]);
        var (app, url) = await TuringServer.StartAsync(study.Path, Options with { TrustForwardedFor = true });
        await using var _ = app;
        using var proxy = new HttpClient();       // the test is the loopback proxy, forwarding two clients
        async Task<HttpStatusCode> Get(string client, string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/r/{token}");
            request.Headers.Add("X-Forwarded-For", client);
            return (await proxy.SendAsync(request)).StatusCode;
        }
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i <= Limit; i++) codes.Add(await Get("203.0.113.7", StudyTokens.NewToken()));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, Limit).Append(HttpStatusCode.TooManyRequests), codes);
        Assert.Equal(HttpStatusCode.OK, await Get("203.0.113.8", study.Token("ana")));               // another client of the same proxy
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get("203.0.113.7", study.Token("ana")));
        Assert.Equal(HttpStatusCode.OK, await Get("2001:db8:1::5", study.Token("ana")));
        Assert.Equal("2001:db8:1::/64", TokenGuessLimiter.Key(new Microsoft.AspNetCore.Http.DefaultHttpContext
        { Connection = { RemoteIpAddress = IPAddress.Parse("2001:db8:1:0:aaaa:bbbb:cccc:dddd") } }));
    }

    /// <summary>A client whose connections come from this loopback address (Linux routes all of 127/8 to lo).</summary>
    private static HttpClient From(string address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch { socket.Dispose(); throw; }
        },
    });

    /// <summary>A rater's whole session over HTTP: the page, then per image next + image + answer; every status code.</summary>
    internal static async Task<List<HttpStatusCode>> RateAll(HttpClient http, string url, string token)
    {
        var codes = new List<HttpStatusCode>();
        var page = await http.GetAsync($"{url}/r/{token}");
        codes.Add(page.StatusCode);
        string csrf = RaterClient.CsrfOf(await page.Content.ReadAsStringAsync());
        while (true)
        {
            var next = await http.GetAsync($"{url}/r/{token}/next");
            codes.Add(next.StatusCode);
            var item = System.Text.Json.JsonDocument.Parse(await next.Content.ReadAsStringAsync()).RootElement.GetProperty("item");
            if (item.ValueKind == System.Text.Json.JsonValueKind.Null) return codes;
            codes.Add((await http.GetAsync($"{url}/r/{token}/image/{item.GetString()}")).StatusCode);
            codes.Add((await http.SendAsync(RaterClient.Answer(url, token, csrf, RaterClient.Body(item.GetString()!)))).StatusCode);
        }
    }

    private static int Count(IEnumerable<HttpStatusCode> codes, int code) => codes.Count(c => (int)c == code);
}
