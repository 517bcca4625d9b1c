using Microsoft.Data.Sqlite;
using TidyGan.Metrics.VisualTuring;

namespace TidyGan.TuringTest;

/// <summary>A rater as the server knows them: row id, name, and how many items their order holds.</summary>
public sealed record StudyRater(long Id, string Name);

/// <summary>Where a rater stands: answered so far, items in their order, and the next unanswered item (null when done).</summary>
public sealed record RaterProgress(string Rater, int Answered, int Total, string? NextItem);

/// <summary>One answer as the rater page posts it, after validation.</summary>
public sealed record AnswerInput(string ItemId, bool CalledSynthetic, int Confidence, double Seconds, double? ServerSeconds);

public enum AnswerOutcome { Stored, UnknownItem, AlreadyAnswered }

/// <summary>
/// The study file: one SQLite database (WAL journal, synchronous=FULL) holding the study's settings, the
/// rendered images and their truth, the raters (SHA-256 of their tokens only), each rater's random order,
/// and the answers. Every answer is its own transaction, committed (on disk) before the server answers the
/// HTTP request; UNIQUE(rater, item) makes a second answer to the same image fail. All SQL is parameterised.
/// </summary>
public sealed class StudyStore
{
    public const int SchemaVersion = StudySchema.Version;

    private readonly string connectionString;
    // One writer per study file at a time in this process: no SQLITE_BUSY retry storms under load.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> WriteLocks = new();
    private readonly SemaphoreSlim writeLock;

    private StudyStore(string path, bool readOnly)
    {
        Path = System.IO.Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        writeLock = WriteLocks.GetOrAdd(Path, _ => new SemaphoreSlim(1, 1));
    }

    public string Path { get; }

    /// <summary>Opens an existing study; throws naming the file when it is missing or not a TidyGan study.</summary>
    public static StudyStore Open(string path, bool readOnly = false)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--study {path}: no such study file (make one with `tidygan turing create`)", path);
        var store = new StudyStore(path, readOnly);
        try
        {
            string? version = store.Meta("schema_version");
            if (version == "1" && !readOnly)
            {
                using var c = store.Connect();
                StudySchema.UpgradeFrom1(c);
            }
            else if (version is not ("1" or "2")) throw new IOException($"--study {path}: study schema version {version ?? "none"}, expected 1 or {SchemaVersion}");
        }
        catch (SqliteException e)
        {
            throw new IOException($"--study {path}: not a TidyGan study file ({e.Message})", e);
        }
        return store;
    }

    internal SqliteConnection Connect()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // synchronous=FULL: a commit is on disk (WAL fsynced) when Commit() returns, so an acknowledged answer survives kill -9 and power loss.
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Creates the schema in a new, empty database file.</summary>
    internal static StudyStore CreateEmpty(string path)
    {
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode=WAL;" + StudySchema.Create;
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        return new StudyStore(path, readOnly: false);
    }

    public string? Meta(string key)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT value FROM study WHERE key = $key";
        cmd.Parameters.AddWithValue("$key", key);
        return cmd.ExecuteScalar() as string;
    }

    public IReadOnlyDictionary<string, string> AllMeta()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT key, value FROM study ORDER BY key";
        using var r = cmd.ExecuteReader();
        var meta = new Dictionary<string, string>();
        while (r.Read()) meta[r.GetString(0)] = r.GetString(1);
        return meta;
    }

    /// <summary>The rater whose token this is, or null. Only the hash is compared (in SQL, on an indexed column).</summary>
    public StudyRater? FindRater(string token)
    {
        if (!StudyTokens.LooksLikeToken(token)) return null;
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, name FROM raters WHERE token_sha256 = $hash";
        cmd.Parameters.AddWithValue("$hash", StudyTokens.Hash(token));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new StudyRater(r.GetInt64(0), r.GetString(1)) : null;
    }

    public bool IsAdmin(string token) =>
        StudyTokens.LooksLikeToken(token) && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(StudyTokens.Hash(token)), System.Text.Encoding.ASCII.GetBytes(Meta("admin_token_sha256") ?? ""));

    public RaterProgress Progress(StudyRater rater)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT COUNT(*) FROM answers WHERE rater_id = $r),
                   (SELECT COUNT(*) FROM rater_items WHERE rater_id = $r),
                   (SELECT ri.item_id FROM rater_items ri
                     WHERE ri.rater_id = $r AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.rater_id = ri.rater_id AND a.item_id = ri.item_id)
                     ORDER BY ri.position LIMIT 1)
            """;
        cmd.Parameters.AddWithValue("$r", rater.Id);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new RaterProgress(rater.Name, r.GetInt32(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2));
    }

    public IReadOnlyList<RaterProgress> AllProgress()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, name FROM raters ORDER BY name";
        using var r = cmd.ExecuteReader();
        var raters = new List<StudyRater>();
        while (r.Read()) raters.Add(new StudyRater(r.GetInt64(0), r.GetString(1)));
        return raters.Select(Progress).ToList();
    }

    /// <summary>The PNG of an item, only when the item is in this rater's order (otherwise null: the caller answers 404).</summary>
    public byte[]? Image(StudyRater rater, string itemId)
    {
        if (!StudyTokens.LooksLikeItemId(itemId)) return null;
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT i.png FROM rater_items ri JOIN items i ON i.id = ri.item_id WHERE ri.rater_id = $r AND ri.item_id = $item";
        cmd.Parameters.AddWithValue("$r", rater.Id);
        cmd.Parameters.AddWithValue("$item", itemId);
        return cmd.ExecuteScalar() as byte[];
    }

    /// <summary>Stores one answer in its own transaction; returns once it is committed to disk.</summary>
    public async Task<AnswerOutcome> AnswerAsync(StudyRater rater, AnswerInput answer, CancellationToken cancel = default)
    {
        if (!StudyTokens.LooksLikeItemId(answer.ItemId)) return AnswerOutcome.UnknownItem;
        await writeLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            using var c = Connect();
            using var tx = c.BeginTransaction();
            using (var check = c.CreateCommand())
            {
                check.Transaction = tx;
                check.CommandText = "SELECT (SELECT COUNT(*) FROM rater_items WHERE rater_id = $r AND item_id = $item), (SELECT COUNT(*) FROM answers WHERE rater_id = $r AND item_id = $item)";
                check.Parameters.AddWithValue("$r", rater.Id);
                check.Parameters.AddWithValue("$item", answer.ItemId);
                using var r = check.ExecuteReader();
                r.Read();
                if (r.GetInt64(0) == 0) return AnswerOutcome.UnknownItem;
                if (r.GetInt64(1) > 0) return AnswerOutcome.AlreadyAnswered;
            }
            // Ids 1, 2, 3… in commit order, each row chained to the one before (AnswerChain): the writer lock and the
            // immediate transaction make "last row + 1" safe.
            var (lastId, lastChain) = LastAnswer(c, tx);
            var fields = new object?[]
            {
                lastId + 1, rater.Id, answer.ItemId, answer.CalledSynthetic ? 1L : 0L, (long)answer.Confidence, answer.Seconds,
                answer.ServerSeconds, DateTime.UtcNow.ToString("O"),
            };
            string? chain = IntegritySecret(c, tx) is { } secret ? AnswerChain.Link(secret, lastChain ?? "", fields) : null;
            using (var insert = c.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = """
                    INSERT INTO answers (id, rater_id, item_id, called_synthetic, confidence, seconds, server_seconds, answered_utc, chain)
                    VALUES ($id, $r, $item, $call, $confidence, $seconds, $server, $at, $chain)
                    """;
                string[] names = ["$id", "$r", "$item", "$call", "$confidence", "$seconds", "$server", "$at"];
                for (int i = 0; i < names.Length; i++) insert.Parameters.AddWithValue(names[i], fields[i] ?? DBNull.Value);
                insert.Parameters.AddWithValue("$chain", (object?)chain ?? DBNull.Value);
                try { insert.ExecuteNonQuery(); }
                catch (SqliteException e) when (e.SqliteErrorCode == 19) { return AnswerOutcome.AlreadyAnswered; }  // SQLITE_CONSTRAINT: UNIQUE(rater, item)
            }
            if (chain is not null)
            {
                using var head = c.CreateCommand();
                head.Transaction = tx;
                head.CommandText = "INSERT INTO study (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
                head.Parameters.AddWithValue("$k", AnswerChain.HeadKey);
                head.Parameters.AddWithValue("$v", AnswerChain.Head(lastId + 1, chain));
                head.ExecuteNonQuery();
            }
            tx.Commit();
            return AnswerOutcome.Stored;
        }
        finally { writeLock.Release(); }
    }

    private static (long Id, string? Chain) LastAnswer(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT id, chain FROM answers ORDER BY id DESC LIMIT 1";
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1)) : (0, null);
    }

    /// <summary>The study's HMAC key for the answer chain; null in a study made before schema version 2.</summary>
    private static byte[]? IntegritySecret(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT value FROM study WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", AnswerChain.SecretKey);
        return cmd.ExecuteScalar() is string s ? Convert.FromBase64String(s) : null;
    }

    /// <summary>Every answer with its truth, for <see cref="TuringStatistics.Summarize"/>.</summary>
    public IReadOnlyList<TuringAnswer> Answers() => RawAnswers().Select(a => a.Answer).ToList();

    /// <summary>Answers with the time they were committed and the server's own timing, in commit order (the CSV export).</summary>
    public IReadOnlyList<(TuringAnswer Answer, string AnsweredUtc, double? ServerSeconds)> RawAnswers()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT r.name, a.item_id, i.is_synthetic, a.called_synthetic, a.confidence, a.seconds, a.answered_utc, a.server_seconds
            FROM answers a JOIN raters r ON r.id = a.rater_id JOIN items i ON i.id = a.item_id ORDER BY a.id
            """;
        using var r = cmd.ExecuteReader();
        var list = new List<(TuringAnswer, string, double?)>();
        while (r.Read())
            list.Add((new TuringAnswer(r.GetString(0), r.GetString(1), r.GetInt64(2) == 1, r.GetInt64(3) == 1, r.GetInt32(4), r.GetDouble(5)),
                r.GetString(6), r.IsDBNull(7) ? null : r.GetDouble(7)));
        return list;
    }

    public int CountAnswers()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM answers";
        return Convert.ToInt32(cmd.ExecuteScalar());
    }
}
