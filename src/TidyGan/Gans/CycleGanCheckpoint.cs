using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Gans;

/// <summary>A trained Cycle-GAN restored from a checkpoint for translating: both generators, in eval mode.</summary>
public sealed class CycleGanCheckpoint : IDisposable
{
    private CycleGanCheckpoint(CycleGan gan, CheckpointManifest manifest, string folder)
    {
        Gan = gan;
        Manifest = manifest;
        Folder = folder;
    }

    public CycleGan Gan { get; }
    public CheckpointManifest Manifest { get; }
    public string Folder { get; }
    public CycleGanConfig Config => Gan.Config;

    /// <param name="path">A run folder (its latest checkpoint) or one checkpoint folder.</param>
    public static CycleGanCheckpoint Load(string path, TorchSharp.torch.Device device)
    {
        var folder = Checkpoint.Resolve(path);
        var manifest = Checkpoint.ReadManifest(folder);
        if (manifest.Kind != "cyclegan") throw new CheckpointException(folder, $"holds a '{manifest.Kind}' model, not a Cycle-GAN");
        var gan = new CycleGan(ReadConfig(manifest, folder));
        Checkpoint.LoadModule(gan.Generators, Path.Combine(folder, Checkpoint.GeneratorFile));
        gan.Generators.to(device);
        gan.Generators.eval();
        return new CycleGanCheckpoint(gan, manifest, folder);
    }

    public static CycleGanConfig ReadConfig(CheckpointManifest manifest, string source) =>
        manifest.ReadModelOptions<CycleGanConfig>(source, "Cycle-GAN");

    public void Dispose() => Gan.Dispose();
}
