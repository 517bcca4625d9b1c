using System.Security.Cryptography;
using System.Text;

namespace TidyGan.TuringTest;

/// <summary>
/// Secrets and neutral names of a study: 128-bit random tokens as base64url (they travel in links), stored
/// only as SHA-256 hashes, and random item ids that say nothing about where an image came from.
/// </summary>
public static class StudyTokens
{
    /// <summary>A fresh 128-bit token, base64url without padding (22 characters).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>A neutral item id: 64 random bits as 16 hex digits.</summary>
    public static string NewItemId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes: what the study file keeps.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A token has the shape <see cref="NewToken"/> gives; anything else is refused before touching the store.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 22 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool LooksLikeItemId(string? id) => id is { Length: 16 } && id.All(char.IsAsciiHexDigitLower);

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
