using TidyGan.Training;

namespace TidyGan.Tests.Training;

public class CheckpointTests
{
    private static string TrainTiny(string folder, long steps = 2, int every = 1, int keep = 2)
    {
        using var images = TinyData.Images();
        using var gan = TinyData.Gan("dcgan");
        using var trainer = new Trainer(gan, images, TinyData.Describe(images), TinyData.Options(steps) with { CheckpointEvery = every, KeepCheckpoints = keep }, folder);
        return trainer.Run().LastCheckpoint!;
    }

    [Fact]
    public void DamagedFileIsNamed()
    {
        using var dir = new TempDirectory();
        var last = TrainTiny(dir.Path);
        var file = Path.Combine(last, Checkpoint.GeneratorFile);
        var bytes = File.ReadAllBytes(file);
        bytes[^5] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.ReadManifest(last));
        Assert.Contains(Checkpoint.GeneratorFile, error.Message);
        Assert.Contains("damaged", error.Message);
    }

    [Fact]
    public void KeepsOnlyTheNewestCheckpointsAndNoTemporaryFolders()
    {
        using var dir = new TempDirectory();
        TrainTiny(dir.Path, steps: 5, every: 1, keep: 2);
        var folders = Directory.GetDirectories(Path.Combine(dir.Path, Checkpoint.Folder)).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(new[] { "step-0000004", "step-0000005" }, folders);
        Assert.EndsWith("step-0000005", Checkpoint.Resolve(dir.Path));
    }

    [Theory]
    [InlineData("does-not-exist", "no such folder")]
    [InlineData("", "not a TidyGan run")]
    public void ResolveExplainsWhatIsWrong(string sub, string expected)
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Resolve(Path.Combine(dir.Path, sub)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void RunWritesGridLogsAndConfig()
    {
        using var dir = new TempDirectory();
        TrainTiny(dir.Path, steps: 3);
        Assert.True(File.Exists(Path.Combine(dir.Path, Trainer.SamplesFolder, "step-0000003.png")));
        Assert.True(File.Exists(Path.Combine(dir.Path, Trainer.ConfigFile)));
        Assert.True(Directory.EnumerateFiles(Path.Combine(dir.Path, "tensorboard"), "events.out.tfevents*", SearchOption.AllDirectories).Any());
        var lines = File.ReadAllLines(Path.Combine(dir.Path, ScalarLogger.CsvName));
        Assert.Equal("step,name,value,wall_time", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("3,loss/discriminator,", StringComparison.Ordinal));
    }
}
