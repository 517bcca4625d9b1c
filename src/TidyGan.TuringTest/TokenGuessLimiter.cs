using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace TidyGan.TuringTest;

/// <summary>
/// Limits token guessing per client address: at most <c>limit</c> failed token lookups (a rater or admin token
/// that is no one's) per address in any sliding <c>window</c>; beyond that every token URL from that address gets
/// 429 with Retry-After until the failures have slid out of the window — valid tokens too, or the answer would still
/// tell a guesser which guess was right. Only failures count, so a rater's own traffic never uses up the limit.
/// IPv6 clients are keyed by their /64 (one host usually holds a whole /64).
/// </summary>
public sealed class TokenGuessLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> failures;

    public TokenGuessLimiter(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (window < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(window), window, "the window must be at least 1 s");
        Window = window;
        failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetSlidingWindowLimiter(address, _ =>
            new SlidingWindowRateLimiterOptions { PermitLimit = limit, Window = window, SegmentsPerWindow = 6, QueueLimit = 0 }));
    }

    public TimeSpan Window { get; }

    /// <summary>Whether this client has used up its failures; a probe that consumes nothing.</summary>
    public bool IsLimited(HttpContext http)
    {
        using var probe = failures.AttemptAcquire(Key(http), 0);
        return !probe.IsAcquired;
    }

    /// <summary>Counts one failed token lookup against this client.</summary>
    public void Failed(HttpContext http) => failures.AttemptAcquire(Key(http), 1).Dispose();

    /// <summary>The address a limit applies to: the connection's peer (or, with forwarded headers trusted, the proxy's client).</summary>
    public static string Key(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }

    public void Dispose() => failures.Dispose();
}
