using System.Text.Json;

namespace TidyGan.TuringTest;

/// <summary>
/// Re-issuing a lost rater link from the admin page: the rater gets a fresh token, the old token's hash moves to
/// the replaced-links table (its link then answers 410 "this link was replaced"), and the rater's answers, which
/// hang on the rater's row id, stay theirs. The study keeps only hashes, so the new link is shown once.
/// </summary>
public static class RaterLinks
{
    /// <summary>A new token for the named rater, the old one revoked in the same transaction; null when there is no such rater.</summary>
    public static string? Reissue(StudyStore store, string raterName)
    {
        string token = StudyTokens.NewToken();
        using var c = store.Connect();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO replaced_links (token_sha256, rater_id, replaced_utc) SELECT token_sha256, id, $at FROM raters WHERE name = $name;
            UPDATE raters SET token_sha256 = $hash WHERE name = $name;
            """;
        cmd.Parameters.AddWithValue("$name", raterName);
        cmd.Parameters.AddWithValue("$hash", StudyTokens.Hash(token));
        cmd.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("O"));
        if (cmd.ExecuteNonQuery() == 0) return null;        // neither statement touched a row: no such rater
        tx.Commit();
        return token;
    }

    /// <summary>Whether the token was a rater's link before an admin replaced it.</summary>
    public static bool WasReplaced(StudyStore store, string token)
    {
        if (!StudyTokens.LooksLikeToken(token)) return false;
        using var c = store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM replaced_links WHERE token_sha256 = $hash";
        cmd.Parameters.AddWithValue("$hash", StudyTokens.Hash(token));
        return Convert.ToInt64(cmd.ExecuteScalar()) > 0;
    }

    /// <summary>The body of POST /admin/{token}/reissue: exactly {"rater": "NAME"}.</summary>
    public static string ParseRequest(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.EnumerateObject().Count() == 1
                && root.TryGetProperty("rater", out var rater) && rater.ValueKind == JsonValueKind.String && rater.GetString() is { Length: > 0 and <= 64 } name)
                return name;
        }
        catch (JsonException e) { throw new FormatException($"body is not JSON: {e.Message}"); }
        throw new FormatException("body must be {\"rater\": \"NAME\"} (a name of 1–64 characters)");
    }
}
