using System.Security.Cryptography;
using System.Text;

namespace TidyGan.TuringTest;

/// <summary>
/// Per-page CSRF tokens: each rendered rater or admin page gets a fresh random nonce plus an HMAC of (subject, nonce)
/// under the study's secret. A POST must carry one in the X-CSRF-Token header; a forged cross-site form can
/// neither set that header nor read the page to learn a token. Stateless, so tokens survive a server restart.
/// </summary>
public sealed class CsrfTokens(byte[] secret)
{
    public const string Header = "X-CSRF-Token";

    /// <summary>The admin page's subject; a rater's is <see cref="ForRater"/>, so no token serves both.</summary>
    public const string Admin = "admin";

    public static string ForRater(StudyRater rater) => $"rater:{rater.Id}";

    public string Issue(string subject)
    {
        string nonce = StudyTokens.Base64Url(RandomNumberGenerator.GetBytes(16));
        return nonce + "." + Mac(subject, nonce);
    }

    public bool Validate(string subject, string? token)
    {
        if (token is null || token.Length > 100) return false;
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return false;
        var expected = Encoding.ASCII.GetBytes(Mac(subject, token[..dot]));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token[(dot + 1)..]));
    }

    private string Mac(string subject, string nonce) =>
        StudyTokens.Base64Url(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{subject}:{nonce}")));
}
