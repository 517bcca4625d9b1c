using TidyGan.Data;
using TidyGan.Gans;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>A trained model restored from a checkpoint for use (sampling, translating, segmenting): its generator in eval mode.</summary>
public sealed class TrainedModel<TGan>(TGan gan, CheckpointManifest manifest, string folder, bool usesEma) : IDisposable where TGan : class, IGan
{
    public TGan Gan { get; } = gan;
    public CheckpointManifest Manifest { get; } = manifest;

    /// <summary>The checkpoint folder it came from.</summary>
    public string Folder { get; } = folder;

    /// <summary>Whether <see cref="Generator"/> holds the EMA weights (generator_ema.bin).</summary>
    public bool UsesEma { get; } = usesEma;

    public nn.Module Generator => Gan.Generator;
    public DataDescription Data => Manifest.Data;

    public void Dispose() => Gan.Dispose();
}

/// <summary>The one checkpoint loader: any run folder (its latest checkpoint) or checkpoint folder, any model kind.</summary>
public static class CheckpointLoader
{
    /// <param name="path">A run folder or one checkpoint folder.</param>
    /// <param name="preferEma">Load generator_ema.bin into the generator when the run kept an EMA copy.</param>
    /// <exception cref="CheckpointException">The folder, manifest or weights are unusable, or the model is not a <typeparamref name="TGan"/>.</exception>
    public static TrainedModel<TGan> Load<TGan>(string path, Device? device = null, bool preferEma = true) where TGan : class, IGan
    {
        var folder = Checkpoint.Resolve(path);
        var manifest = Checkpoint.ReadManifest(folder);
        var options = ModelCatalog.ReadOptions(manifest, folder);
        IGan gan;
        try { gan = ModelCatalog.Create(options); }
        catch (ArgumentException e) { throw new CheckpointException(folder, $"its {manifest.Kind.Name()} options describe no model: {e.Message}"); }
        if (gan is not TGan typed)
        {
            gan.Dispose();
            throw new CheckpointException(folder, $"holds a '{manifest.Kind.Name()}' model, not {Describe(typeof(TGan))}");
        }
        var emaFile = Path.Combine(folder, Checkpoint.EmaFile);
        bool useEma = preferEma && File.Exists(emaFile);
        Checkpoint.LoadModule(gan.Generator, useEma ? emaFile : Path.Combine(folder, Checkpoint.GeneratorFile));
        gan.Generator.to(device ?? CPU);
        gan.Generator.eval();
        return new TrainedModel<TGan>(typed, manifest, folder, useEma);
    }

    private static string Describe(Type type) =>
        type == typeof(CycleGan) ? "a Cycle-GAN (train one with `tidygan train cyclegan`)"
        : type == typeof(IPairedModel) ? "a paired model (train one with `tidygan train pix2pix` or `tidygan train denoiser`)"
        : type == typeof(AdversarialSegmenter) ? "a segmenter (train one with `tidygan segment train` or `tidygan adapt`)"
        : type == typeof(IImageGenerator) ? "a generator of images from latent codes (dcgan, cgan, wgan-gp)"
        : $"a {type.Name}";
}
