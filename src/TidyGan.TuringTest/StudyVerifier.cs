using Microsoft.Data.Sqlite;

namespace TidyGan.TuringTest;

/// <summary>What `turing report --verify` found: rows checked, the problems (each naming its answer row), the chain head.</summary>
/// <param name="NoIntegrityData">Why the chain could not be checked (a study made before schema version 2), else null.</param>
public sealed record StudyVerification(int Rows, IReadOnlyList<string> Problems, string? Head, string? NoIntegrityData)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Checks a study file's answers: SQLite's own integrity check; every answer row belongs to a rater of the study,
/// an item of the study, and that rater's list; and, where the study has one, the <see cref="AnswerChain"/> from the
/// first row to the recorded head (edits, deletions, insertions, reordering). Read-only.
/// </summary>
public static class StudyVerifier
{
    public static StudyVerification Verify(StudyStore store)
    {
        var problems = new List<string>();
        using var c = store.Connect();
        using (var check = c.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            using var r = check.ExecuteReader();
            while (r.Read()) if (r.GetString(0) != "ok") problems.Add($"SQLite integrity_check: {r.GetString(0)}");
        }
        byte[]? secret = store.Meta(AnswerChain.SecretKey) is { } s ? Convert.FromBase64String(s) : null;
        bool hasChainColumn = HasColumn(c, "answers", "chain");

        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT a.id, a.rater_id, a.item_id, a.called_synthetic, a.confidence, a.seconds, a.server_seconds, a.answered_utc,
                   {(hasChainColumn ? "a.chain" : "NULL")}, r.name, i.id IS NOT NULL,
                   EXISTS (SELECT 1 FROM rater_items ri WHERE ri.rater_id = a.rater_id AND ri.item_id = a.item_id)
            FROM answers a LEFT JOIN raters r ON r.id = a.rater_id LEFT JOIN items i ON i.id = a.item_id ORDER BY a.id
            """;
        using var rows = cmd.ExecuteReader();
        int count = 0;
        long previousId = 0;
        string previousChain = "";
        while (rows.Read())
        {
            count++;
            var fields = Enumerable.Range(0, 8).Select(i => rows.IsDBNull(i) ? null : rows.GetValue(i)).ToArray();
            long id = rows.GetInt64(0);
            string? chain = rows.IsDBNull(8) ? null : rows.GetString(8);
            string row = $"answer row {id}";
            if (rows.IsDBNull(9)) problems.Add($"{row}: rater id {fields[1]} is not a rater of this study");
            else row += $" (rater {rows.GetString(9)}, item {fields[2]})";
            if (!rows.GetBoolean(10)) problems.Add($"{row}: item {fields[2]} is not an item of this study");
            else if (!rows.IsDBNull(9) && !rows.GetBoolean(11)) problems.Add($"{row}: the item is not in this rater's list");
            if (secret is null) continue;
            if (id != previousId + 1)
                // The row after a gap was chained to a row that is gone: report the gap, then go on from this row's chain.
                problems.Add(id == previousId + 2 ? $"answer row {previousId + 1} is missing before row {id} (deleted)" : $"answer rows {previousId + 1}…{id - 1} are missing before row {id} (deleted)");
            else if (chain != AnswerChain.Link(secret, previousChain, fields))
                problems.Add($"{row}: integrity HMAC {(chain is null ? "missing" : "does not match")}: the row was edited, or inserted outside TidyGan");
            previousId = id;
            previousChain = chain ?? "";
        }
        string? head = store.Meta(AnswerChain.HeadKey);
        if (secret is null)
            return new StudyVerification(count, problems, null,
                $"no integrity data (study created before schema version 2, TidyGan issue 18{(store.Meta("upgraded_from_schema") is { } v ? $"; upgraded from version {v}" : "")}): only rater/item membership was checked");
        if (AnswerChain.ParseHead(head) is not { } recorded)
        {
            if (head is not null || count > 0) problems.Add($"the recorded chain head is {(head is null ? "missing" : "malformed")}, with {count} answer rows present");
        }
        else if (recorded.Id > previousId)
            problems.Add(recorded.Id == previousId + 1 ? $"answer row {recorded.Id} is missing at the end (deleted)" : $"answer rows {previousId + 1}…{recorded.Id} are missing at the end (deleted)");
        else if (recorded.Id < previousId)
            problems.Add($"answer rows {recorded.Id + 1}…{previousId} come after the last row TidyGan wrote (inserted)");
        else if (recorded.Chain != previousChain)
            problems.Add($"answer row {previousId}: its chain differs from the recorded head (edited)");
        return new StudyVerification(count, problems, head, null);
    }

    private static bool HasColumn(SqliteConnection c, string table, string column)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $c";
        cmd.Parameters.AddWithValue("$c", column);
        return Convert.ToInt64(cmd.ExecuteScalar()) > 0;
    }
}
