using Microsoft.Data.Sqlite;

namespace TidyGan.TuringTest;

/// <summary>
/// The study file's tables, and the one upgrade a served study gets. Version 2 (issue 18) added the
/// replaced-links table and the answers' integrity chain (<see cref="AnswerChain"/>); a version 1 study is
/// upgraded in place when opened for writing (new tables and an empty column only: nothing is rewritten), and
/// its older answers stay without integrity data, which `turing report --verify` says.
/// </summary>
internal static class StudySchema
{
    public const int Version = 2;

    public const string Create = """
        CREATE TABLE study (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE items (id TEXT PRIMARY KEY, is_synthetic INTEGER NOT NULL CHECK (is_synthetic IN (0, 1)), png BLOB NOT NULL);
        CREATE TABLE raters (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, token_sha256 TEXT NOT NULL UNIQUE);
        CREATE TABLE rater_items (
            rater_id INTEGER NOT NULL REFERENCES raters(id), position INTEGER NOT NULL, item_id TEXT NOT NULL REFERENCES items(id),
            PRIMARY KEY (rater_id, position), UNIQUE (rater_id, item_id));
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            rater_id INTEGER NOT NULL, item_id TEXT NOT NULL,
            called_synthetic INTEGER NOT NULL CHECK (called_synthetic IN (0, 1)),
            confidence INTEGER NOT NULL CHECK (confidence BETWEEN 1 AND 5),
            seconds REAL NOT NULL CHECK (seconds >= 0),
            server_seconds REAL,
            answered_utc TEXT NOT NULL,
            chain TEXT,
            UNIQUE (rater_id, item_id),
            FOREIGN KEY (rater_id, item_id) REFERENCES rater_items(rater_id, item_id));
        """ + ReplacedLinks;

    /// <summary>Tokens of links an admin re-issued: their hash, whose they were, when (so the old link can say so).</summary>
    private const string ReplacedLinks = """
        CREATE TABLE replaced_links (token_sha256 TEXT PRIMARY KEY, rater_id INTEGER NOT NULL REFERENCES raters(id), replaced_utc TEXT NOT NULL);
        """;

    /// <summary>Version 1 → 2 in one transaction; the caller has checked the version.</summary>
    public static void UpgradeFrom1(SqliteConnection c)
    {
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = ReplacedLinks + """
            ALTER TABLE answers ADD COLUMN chain TEXT;
            UPDATE study SET value = '2' WHERE key = 'schema_version';
            INSERT INTO study (key, value) VALUES ('upgraded_from_schema', '1');
            """;
        cmd.ExecuteNonQuery();
        tx.Commit();
    }
}
