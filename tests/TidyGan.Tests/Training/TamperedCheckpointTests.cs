using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TidyGan.Training;

namespace TidyGan.Tests.Training;

/// <summary>Checkpoints changed after they were written are refused with a message naming what is wrong.</summary>
public class TamperedCheckpointTests
{
    private static (string Run, string Folder) TrainTiny(string run)
    {
        using var images = TinyData.Images();
        using var gan = TinyData.Gan("dcgan");
        using var trainer = new Trainer(gan, images, TinyData.Describe(images), TinyData.Options(1) with { CheckpointEvery = 1 }, run);
        return (run, trainer.Run().LastCheckpoint!);
    }

    private static void EditManifest(string folder, Action<JsonObject> edit)
    {
        var path = Path.Combine(folder, Checkpoint.ManifestName);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json["files"]!.AsObject());
        File.WriteAllText(path, json.ToJsonString());
    }

    [Theory]
    [InlineData("../generator.bin")]
    [InlineData("/etc/hostname")]
    [InlineData("..")]
    public void ManifestPointingOutsideItsFolderIsRefused(string outside)
    {
        using var dir = new TempDirectory();
        var (_, folder) = TrainTiny(dir.Path);
        EditManifest(folder, files => files[outside] = "0000");
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.ReadManifest(folder));
        Assert.Contains("not inside its folder", error.Message);
    }

    [Fact]
    public void WeightsWhoseHashWasRemovedFromTheManifestAreRefused()
    {
        using var dir = new TempDirectory();
        var (run, folder) = TrainTiny(dir.Path);
        EditManifest(folder, files => files.Remove(Checkpoint.GeneratorFile));
        var error = Assert.Throws<CheckpointException>(() => CheckpointLoader.Load<TidyGan.Gans.IImageGenerator>(run));
        Assert.Contains(Checkpoint.GeneratorFile, error.Message);
        Assert.Contains("not listed", error.Message);
    }

    [Fact]
    public void LatestPointingOutsideTheCheckpointsFolderIsNotFollowed()
    {
        using var dir = new TempDirectory();
        var (run, folder) = TrainTiny(dir.Path);
        var latest = Path.Combine(run, Checkpoint.Folder, Checkpoint.LatestFile);
        File.WriteAllText(latest, "../../" + Path.GetFileName(folder));
        Assert.Equal(Path.GetFullPath(folder), Checkpoint.Resolve(run));     // the newest complete checkpoint inside the run

        Directory.Move(folder, Path.Combine(dir.Path, Path.GetFileName(folder)));
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Resolve(run));
        Assert.Contains("refused", error.Message);
    }

    /// <summary>Found by the fuzzer (slow run, input 7730): options missing their "model" crashed with a NullReferenceException.</summary>
    [Fact]
    public void OptionsMissingARequiredPartAreRefused()
    {
        using var dir = new TempDirectory();
        var (run, folder) = TrainTiny(dir.Path);
        var path = Path.Combine(folder, Checkpoint.ManifestName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"model\":", "\"m0del\":", StringComparison.Ordinal));
        var error = Assert.Throws<CheckpointException>(() => CheckpointLoader.Load<TidyGan.Gans.IImageGenerator>(run));
        Assert.Contains("options cannot be read", error.Message);
    }

    /// <summary>Found by the fuzzer: libtorch aborted the process on a random state of the wrong size.</summary>
    [Fact]
    public void RandomStateOfTheWrongSizeIsAnErrorNotAnAbort()
    {
        using var dir = new TempDirectory();
        var (_, folder) = TrainTiny(dir.Path);
        var rng = Path.Combine(folder, Checkpoint.RandomStateFile);
        File.WriteAllBytes(rng, File.ReadAllBytes(rng)[..^5]);
        EditManifest(folder, files => files[Checkpoint.RandomStateFile] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(rng))));
        using var images = TinyData.Images();
        using var gan = TinyData.Gan("dcgan");
        using var trainer = new Trainer(gan, images, TinyData.Describe(images), TinyData.Options(1), Path.Combine(dir.Path, "resumed"));
        var error = Assert.Throws<CheckpointException>(() => trainer.LoadCheckpoint(folder));
        Assert.Contains(Checkpoint.RandomStateFile, error.Message);
    }
}
