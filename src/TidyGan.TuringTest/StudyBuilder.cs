using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TidyGan.TuringTest;

/// <summary>What a new study holds: rendered real and synthetic PNGs, the raters, and settings to remember.</summary>
/// <param name="ItemsPerRater">Each rater judges a random subset of this many images (null = all; Fleiss' κ then uses the items all raters saw).</param>
public sealed record StudyPlan(IReadOnlyList<byte[]> Real, IReadOnlyList<byte[]> Synthetic, IReadOnlyList<string> Raters,
    IReadOnlyDictionary<string, string> Settings, int Seed, int? ItemsPerRater = null);

/// <summary>The secrets of a new study, shown once: each rater's token and the admin token.</summary>
public sealed record StudyCredentials(IReadOnlyDictionary<string, string> RaterTokens, string AdminToken);

/// <summary>
/// Writes a new study file: items under random neutral ids, inserted in shuffled order (row order says
/// nothing either), each rater's own random order of all items (from --seed, so a study can be re-made),
/// and fresh random tokens of which only hashes are stored. The file is built beside the target and renamed
/// over it, so a failed create never leaves half a study.
/// </summary>
public static class StudyBuilder
{
    public static StudyCredentials Create(string path, StudyPlan plan, bool force)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && !force) throw new IOException($"--out {path}: a study already exists there (its answers would be lost); pass --force to replace it");
        if (plan.Real.Count + plan.Synthetic.Count == 0) throw new ArgumentException("a study needs at least one image");
        var names = plan.Raters.Select(r => r.Trim()).ToList();
        if (names.Count == 0 || names.Any(n => n.Length == 0 || n.Length > 64 || n.Any(char.IsControl)))
            throw new ArgumentException("--raters: give one or more names (1–64 characters each), comma-separated");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count) throw new ArgumentException($"--raters: duplicate name in {string.Join(",", names)}");
        if (plan.ItemsPerRater is { } k && (k < 1 || k > plan.Real.Count + plan.Synthetic.Count))
            throw new ArgumentException($"--per-rater {k}: expected 1…{plan.Real.Count + plan.Synthetic.Count} (the number of images)");

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var credentials = Fill(StudyStore.CreateEmpty(temp), plan, names);
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) if (File.Exists(full + suffix)) File.Delete(full + suffix);
            File.Move(temp, full);
            return credentials;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) if (File.Exists(temp + suffix)) File.Delete(temp + suffix);
        }
    }

    private static StudyCredentials Fill(StudyStore store, StudyPlan plan, IReadOnlyList<string> raters)
    {
        var random = new Random(plan.Seed);
        var items = plan.Real.Select(png => (Id: StudyTokens.NewItemId(), Synthetic: false, Png: png))
            .Concat(plan.Synthetic.Select(png => (Id: StudyTokens.NewItemId(), Synthetic: true, Png: png))).ToArray();
        random.Shuffle(items);
        var tokens = raters.ToDictionary(r => r, _ => StudyTokens.NewToken());
        string admin = StudyTokens.NewToken();

        using var c = store.Connect();
        using var tx = c.BeginTransaction();
        void Exec(string sql, params (string Name, object Value)[] args)
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
            cmd.ExecuteNonQuery();
        }
        var meta = new Dictionary<string, string>(plan.Settings)
        {
            ["schema_version"] = StudyStore.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            ["created_utc"] = DateTime.UtcNow.ToString("O"),
            ["admin_token_sha256"] = StudyTokens.Hash(admin),
            // Signs the per-page CSRF tokens (HMAC); lives only in the study file, never leaves the server.
            ["csrf_secret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // Keys the answers' integrity chain (AnswerChain), checked by `turing report --verify`.
            [AnswerChain.SecretKey] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["n_real"] = plan.Real.Count.ToString(CultureInfo.InvariantCulture),
            ["n_synthetic"] = plan.Synthetic.Count.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in meta) Exec("INSERT INTO study (key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
        foreach (var item in items) Exec("INSERT INTO items (id, is_synthetic, png) VALUES ($id, $s, $png)", ("$id", item.Id), ("$s", item.Synthetic ? 1 : 0), ("$png", item.Png));
        long raterId = 0;
        foreach (var name in raters)
        {
            raterId++;
            Exec("INSERT INTO raters (id, name, token_sha256) VALUES ($id, $name, $hash)", ("$id", raterId), ("$name", name), ("$hash", StudyTokens.Hash(tokens[name])));
            var order = items.Select(i => i.Id).ToArray();
            random.Shuffle(order);
            if (plan.ItemsPerRater is { } k) order = order[..k];
            for (int p = 0; p < order.Length; p++)
                Exec("INSERT INTO rater_items (rater_id, position, item_id) VALUES ($r, $p, $item)", ("$r", raterId), ("$p", p), ("$item", order[p]));
        }
        tx.Commit();
        using (var checkpoint = c.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";   // everything into the main file before it is renamed
            checkpoint.ExecuteNonQuery();
        }
        return new StudyCredentials(tokens, admin);
    }
}
