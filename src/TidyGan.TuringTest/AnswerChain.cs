using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TidyGan.TuringTest;

/// <summary>
/// The answers' integrity chain: each answer row stores HMAC-SHA256(secret, previous row's chain ‖ this row's
/// fields), rows numbered 1, 2, 3… in commit order, and the study records the last row's id and chain (the head).
/// Rewriting any field of a row, deleting a row (a gap, or a head pointing past the end), inserting one (no valid
/// HMAC without the secret) or reordering rows breaks the chain at a row that can be named. The secret lives in the
/// study file, so this detects edits by tools and hands that do not recompute the chain, and damage; someone who
/// reads the secret from the file could forge a consistent chain, unless the head printed by
/// `turing report --verify` was written down elsewhere and is compared.
/// </summary>
internal static class AnswerChain
{
    public const string SecretKey = "integrity_secret";
    public const string HeadKey = "integrity_head";

    /// <summary>The chain value of a row, from the previous row's ("" for the first) and the row's columns in table order.</summary>
    public static string Link(byte[] secret, string previous, IReadOnlyList<object?> fields)
    {
        var text = new StringBuilder().Append(Field(previous));
        foreach (var f in fields) text.Append(Field(Canonical(f)));
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>"id chain", as stored under <see cref="HeadKey"/>.</summary>
    public static string Head(long id, string chain) => FormattableString.Invariant($"{id} {chain}");

    public static (long Id, string Chain)? ParseHead(string? head) =>
        head?.Split(' ') is [var id, var chain] && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? (n, chain) : null;

    /// <summary>Length-prefixed, so no field's content can shift into the next.</summary>
    private static string Field(string value) => FormattableString.Invariant($"{value.Length}:{value};");

    /// <summary>One text per SQLite value, the same whether the writer or the verifier reads it (doubles round-trip).</summary>
    private static string Canonical(object? value) => value switch
    {
        null or DBNull => "null",
        long l => "i" + l.ToString(CultureInfo.InvariantCulture),
        int i => "i" + i.ToString(CultureInfo.InvariantCulture),
        double d => "r" + d.ToString("R", CultureInfo.InvariantCulture),
        string s => "t" + s,
        byte[] b => "b" + Convert.ToHexStringLower(b),
        _ => throw new ArgumentException($"no canonical form for {value.GetType().Name}"),
    };
}
