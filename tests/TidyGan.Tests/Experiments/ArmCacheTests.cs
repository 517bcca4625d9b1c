using System.Text.Json.Nodes;
using TidyGan.Experiments;

namespace TidyGan.Tests.Experiments;

public class ArmCacheTests
{
    private sealed record Inner(double Alpha, IReadOnlyList<string> Layers);

    private sealed record Config(string Mode, long Steps, Inner Inner);

    private static Config Base => new("alternating", 600, new Inner(0.1, ["enc0", "enc1"]));

    [Fact]
    public void KeyIsStableForTheSameConfigurationAndIgnoresPropertyOrder()
    {
        var a = ArmKey.Of(Base, DataIdentity.Named("mr-head"));
        var b = ArmKey.Of(Base with { }, DataIdentity.Named("mr-head"));
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(64, a.Hash.Length);
        var x = ArmKey.Of(new JsonObject { ["a"] = 1, ["b"] = new JsonObject { ["d"] = 2, ["c"] = 3 } }, new JsonObject());
        var y = ArmKey.Of(new JsonObject { ["b"] = new JsonObject { ["c"] = 3, ["d"] = 2 }, ["a"] = 1 }, new JsonObject());
        Assert.Equal(x.Hash, y.Hash);
    }

    [Fact]
    public void OneChangedFieldChangesTheKeyAndIsNamed()
    {
        var a = ArmKey.Of(Base, DataIdentity.Named("mr-head"));
        var b = ArmKey.Of(Base with { Inner = Base.Inner with { Alpha = 0.2 } }, DataIdentity.Named("mr-head"));
        Assert.NotEqual(a.Hash, b.Hash);
        var differences = b.Differences(a.Configuration, a.Data);
        Assert.Equal(["configuration.Inner.Alpha: 0.1 → 0.2"], differences);
        var c = ArmKey.Of(Base with { Inner = Base.Inner with { Layers = ["enc0"] } }, DataIdentity.Named("ct-head"));
        Assert.Contains("configuration.Inner.Layers: [\"enc0\",\"enc1\"] → [\"enc0\"]", c.Differences(a.Configuration, a.Data));
        Assert.Contains("data.name: \"mr-head\" → \"ct-head\"", c.Differences(a.Configuration, a.Data));
    }

    [Fact]
    public void TheDataReadIsPartOfTheKey()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "x.bin");
        File.WriteAllBytes(file, [1, 2, 3]);
        var before = ArmKey.Of(Base, DataIdentity.Of("x", dir.Path));
        Assert.Equal(before.Hash, ArmKey.Of(Base, DataIdentity.Of("x", dir.Path)).Hash);
        File.WriteAllBytes(file, [1, 2, 3, 4]);
        var after = ArmKey.Of(Base, DataIdentity.Of("x", dir.Path));
        Assert.NotEqual(before.Hash, after.Hash);
        Assert.Contains(after.Differences(before.Configuration, before.Data), d => d.StartsWith("data.files[0].size: 3 → 4", StringComparison.Ordinal));
    }

    [Fact]
    public void SameKeyIsReusedAChangedOneStopsNamingTheFieldAndForceMovesTheOldRunAside()
    {
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "arm");
        int runs = 0;
        void Run(string f) { Directory.CreateDirectory(f); File.WriteAllText(Path.Combine(f, "result.txt"), $"run {++runs}"); }
        var key = ArmKey.Of(Base, DataIdentity.Named("d"));

        Assert.True(ArmCache.GetOrRun(folder, key, force: false, Run));
        Assert.False(ArmCache.GetOrRun(folder, key, force: false, Run));                     // nothing changed: reused
        Assert.Equal(1, runs);

        var changed = ArmKey.Of(Base with { Mode = "grl" }, DataIdentity.Named("d"));
        var e = Assert.Throws<ArmMismatchException>(() => ArmCache.GetOrRun(folder, changed, force: false, Run));
        Assert.Contains("configuration.Mode: \"alternating\" → \"grl\"", e.Message);
        Assert.Contains("--force", e.Message);
        Assert.Equal("run 1", File.ReadAllText(Path.Combine(folder, "result.txt")));         // untouched

        var notices = new List<string>();
        Assert.True(ArmCache.GetOrRun(folder, changed, force: true, Run, notice: notices.Add));
        Assert.Equal("run 2", File.ReadAllText(Path.Combine(folder, "result.txt")));
        var aside = Assert.Single(Directory.GetDirectories(dir.Path, "arm.replaced-*"));
        Assert.Equal("run 1", File.ReadAllText(Path.Combine(aside, "result.txt")));          // the old run kept, not deleted
        Assert.Contains(aside, Assert.Single(notices));
        Assert.False(ArmCache.GetOrRun(folder, changed, force: false, Run));
    }

    [Fact]
    public void ACorruptArmRecordIsAnErrorNamingThePathAndTheFolderStays()
    {
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "arm");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "result.txt"), "finished");
        File.WriteAllText(Path.Combine(folder, ArmCache.FileName), "{ not json");
        var key = ArmKey.Of(Base, DataIdentity.Named("d"));
        var e = Assert.Throws<ArmCacheException>(() => ArmCache.GetOrRun(folder, key, force: false, _ => Assert.Fail("must not run")));
        Assert.Contains(Path.Combine(folder, ArmCache.FileName), e.Message);
        Assert.IsAssignableFrom<TidyGan.IO.UserException>(e);                                              // the CLI prints it as one error line
        Assert.Equal("finished", File.ReadAllText(Path.Combine(folder, "result.txt")));
        Assert.Single(Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void UnreadableResultsBehindAMatchingKeyAreAnErrorNotASilentRerun()
    {
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "arm");
        var key = ArmKey.Of(Base, DataIdentity.Named("d"));
        ArmCache.GetOrRun(folder, key, false, f => Directory.CreateDirectory(f));
        var e = Assert.Throws<ArmCacheException>(() => ArmCache.GetOrRun(folder, key, false, _ => Assert.Fail("must not run"),
            resultsReadable: f => throw new InvalidDataException($"{f}/result.json: truncated")));
        Assert.Contains("truncated", e.Message);
        Assert.True(Directory.Exists(folder));
    }

    [Fact]
    public void AnUnfinishedFolderIsMovedAsideNotDeleted()
    {
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "arm");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "partial.txt"), "half");
        var notices = new List<string>();
        ArmCache.GetOrRun(folder, ArmKey.Of(Base, DataIdentity.Named("d")), false, f => Directory.CreateDirectory(f), notice: notices.Add);
        var aside = Assert.Single(Directory.GetDirectories(dir.Path, "arm.replaced-*"));
        Assert.True(File.Exists(Path.Combine(aside, "partial.txt")));
        Assert.Contains("no arm.json", Assert.Single(notices));
    }
}
