using Microsoft.Extensions.Logging;

namespace TidyGan.TuringTest;

/// <summary>How `turing serve` listens and defends itself; the CLI maps its flags onto this.</summary>
public sealed record TuringServerOptions
{
    /// <summary>Where to listen; https:// URLs need <see cref="CertificatePath"/> and <see cref="KeyPath"/>.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:0";

    /// <summary>Failed token lookups allowed per client address in <see cref="GuessWindow"/> (then 429).</summary>
    public int GuessLimit { get; init; } = 20;

    public TimeSpan GuessWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Take the client address (and scheme) from X-Forwarded-For (-Proto) set by a reverse proxy on loopback.</summary>
    public bool TrustForwardedFor { get; init; }

    /// <summary>PEM certificate (chain) and its unencrypted PEM private key, for HTTPS without a proxy.</summary>
    public string? CertificatePath { get; init; }

    public string? KeyPath { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Refuses contradictory settings with a message naming the flags.</summary>
    public void Validate()
    {
        if ((CertificatePath is null) != (KeyPath is null)) throw new ArgumentException("--cert FILE and --key FILE go together");
        var urls = Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool tls = CertificatePath is not null;
        foreach (var url in urls)
        {
            if (tls && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--urls {url}: with --cert/--key listen on https:// URLs only (e.g. https://0.0.0.0:5443)");
            if (!tls && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--urls {url}: https:// needs --cert FILE --key FILE (PEM)");
        }
        if (GuessLimit < 1) throw new ArgumentException($"--guess-limit must be at least 1 (got {GuessLimit})");
        if (GuessWindow < TimeSpan.FromSeconds(1)) throw new ArgumentException($"--guess-window must be at least 1 s (got {GuessWindow.TotalSeconds} s)");
    }
}
