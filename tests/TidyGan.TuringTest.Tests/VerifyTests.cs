using Microsoft.Data.Sqlite;

namespace TidyGan.TuringTest.Tests;

/// <summary>`turing report --verify`: the answers' integrity chain and membership checks find edits, deletions and insertions, naming the row.</summary>
public class VerifyTests
{
    /// <summary>A study with 6 answers (rows 1…6) written the way the server writes them.</summary>
    private static async Task<TestStudy> Answered()
    {
        var study = new TestStudy(3, 3, ["ana", "ben"]);
        var store = study.Store();
        foreach (var name in new[] { "ana", "ben" })
        {
            var rater = store.FindRater(study.Token(name))!;
            foreach (var item in ServerTests.Items(store, name).Take(3))
                Assert.Equal(AnswerOutcome.Stored, await store.AnswerAsync(rater, new AnswerInput(item, item[0] < '8', 4, 2.25, 2.5)));
        }
        return study;
    }

    /// <summary>Changes the file behind TidyGan's back, as the sqlite3 shell would (foreign keys off, no chain recomputed).</summary>
    private static void Tamper(TestStudy study, string sql)
    {
        using (var c = new SqliteConnection($"Data Source={study.Path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA foreign_keys=OFF; " + sql;   // Microsoft.Data.Sqlite's build turns them on by default
            Assert.True(cmd.ExecuteNonQuery() > 0, sql);
        }
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task AnIntactStudyVerifies()
    {
        using var study = await Answered();
        var v = StudyVerifier.Verify(StudyStore.Open(study.Path, readOnly: true));
        Assert.True(v.Ok, string.Join("\n", v.Problems));
        Assert.Equal(6, v.Rows);
        Assert.Null(v.NoIntegrityData);
        Assert.StartsWith("6 ", v.Head);
    }

    [Theory]
    [InlineData("UPDATE answers SET called_synthetic = 1 - called_synthetic WHERE id = 3", "answer row 3 (rater", "edited")]
    [InlineData("UPDATE answers SET seconds = 2.2500001 WHERE id = 5", "answer row 5 (rater", "edited")]
    [InlineData("DELETE FROM answers WHERE id = 2", "answer row 2 is missing before row 3", "deleted")]
    [InlineData("DELETE FROM answers WHERE id = 6", "answer row 6 is missing at the end", "deleted")]
    [InlineData("INSERT INTO answers (id, rater_id, item_id, called_synthetic, confidence, seconds, answered_utc) VALUES (7, 99, 'ffffffffffffffff', 1, 5, 1.0, '2026-01-01')",
        "answer row 7: rater id 99 is not a rater of this study", "inserted")]
    [InlineData("INSERT INTO answers (id, rater_id, item_id, called_synthetic, confidence, seconds, answered_utc) VALUES (7, 1, 'ffffffffffffffff', 1, 5, 1.0, '2026-01-01')",
        "answer row 7 (rater ana, item ffffffffffffffff): item ffffffffffffffff is not an item of this study", "inserted")]
    public async Task TamperingIsFoundAndNamesTheRow(string sql, string expected, string kind)
    {
        using var study = await Answered();
        Tamper(study, sql);
        var v = StudyVerifier.Verify(StudyStore.Open(study.Path, readOnly: true));
        Assert.False(v.Ok);
        Assert.Contains(v.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(v.Problems, p => p.Contains(kind, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStudyFromBeforeTheChainReportsNoIntegrityDataAndStillChecksMembership()
    {
        using var study = await Answered();
        // What schema version 1 wrote: no secret, no head, no chain column, no replaced-links table.
        Tamper(study, """
            DELETE FROM study WHERE key IN ('integrity_secret', 'integrity_head');
            UPDATE study SET value = '1' WHERE key = 'schema_version';
            ALTER TABLE answers DROP COLUMN chain;
            DROP TABLE replaced_links;
            """);
        var v = StudyVerifier.Verify(StudyStore.Open(study.Path, readOnly: true));
        Assert.True(v.Ok, string.Join("\n", v.Problems));
        Assert.StartsWith("no integrity data (study created before schema version 2", v.NoIntegrityData);

        // Served again, it is upgraded in place: answers kept, new answers unchained, the note says it was upgraded.
        var store = StudyStore.Open(study.Path);
        Assert.Equal("2", store.Meta("schema_version"));
        var rater = store.FindRater(study.Token("ana"))!;
        string next = store.Progress(rater).NextItem!;
        Assert.Equal(AnswerOutcome.Stored, await store.AnswerAsync(rater, new AnswerInput(next, true, 2, 1, null)));
        Tamper(study, "UPDATE answers SET item_id = 'ffffffffffffffff' WHERE id = 1");
        v = StudyVerifier.Verify(StudyStore.Open(study.Path, readOnly: true));
        Assert.Equal(7, v.Rows);
        Assert.Contains("upgraded from version 1", v.NoIntegrityData);
        Assert.Equal("answer row 1 (rater ana, item ffffffffffffffff): item ffffffffffffffff is not an item of this study", Assert.Single(v.Problems));
    }

    [Fact]
    public async Task TheCliVerifiesAndFailsNamingTheRow()
    {
        using var study = await Answered();
        var ok = CrashTests.RunCli("turing", "report", "--study", study.Path, "--verify");
        Assert.True(ok.Code == 0, ok.Output);
        Assert.Contains("verify: ok — 6 answer rows intact", ok.Output);
        Tamper(study, "UPDATE answers SET confidence = 1 WHERE id = 4");
        var bad = CrashTests.RunCli("turing", "report", "--study", study.Path, "--verify");
        Assert.Equal(1, bad.Code);
        Assert.Contains("verify: answer row 4 (rater", bad.Output);
        Assert.Contains("error: --study " + study.Path + ": verification failed: 1 problem(s) in 6 answer rows", bad.Output);
    }
}
