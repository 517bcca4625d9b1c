using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>A generator restored from a checkpoint for sampling: the EMA copy when the run kept one.</summary>
public sealed class TrainedGenerator : IDisposable
{
    private TrainedGenerator(IGan gan, nn.Module generator, CheckpointManifest manifest, string folder, bool usesEma)
    {
        Gan = gan;
        Generator = generator;
        Manifest = manifest;
        Folder = folder;
        UsesEma = usesEma;
    }

    public IGan Gan { get; }
    public nn.Module Generator { get; }
    public CheckpointManifest Manifest { get; }
    public string Folder { get; }
    public bool UsesEma { get; }
    public DataDescription Data => Manifest.Data;

    /// <param name="path">A run folder (its latest checkpoint) or one checkpoint folder.</param>
    /// <param name="preferEma">Use generator_ema.bin when the checkpoint has one.</param>
    public static TrainedGenerator Load(string path, Device device, bool preferEma = true)
    {
        var folder = Checkpoint.Resolve(path);
        var manifest = Checkpoint.ReadManifest(folder);
        var gan = GanFactory.FromManifest(manifest, folder);
        var emaFile = Path.Combine(folder, Checkpoint.EmaFile);
        bool useEma = preferEma && File.Exists(emaFile);
        var generator = useEma ? gan.CreateGenerator() : gan.Generator;
        Checkpoint.LoadModule(generator, useEma ? emaFile : Path.Combine(folder, Checkpoint.GeneratorFile));
        generator.to(device);
        return new TrainedGenerator(gan, generator, manifest, folder, useEma);
    }

    /// <summary>Class index from a number or a class name (case-insensitive), with a clear error otherwise.</summary>
    public int ParseClass(string text)
    {
        var names = Data.ClassNames;
        if (Gan.ClassCount == 0) throw new ArgumentException($"--class: the {Manifest.Kind} model in {Folder} is not conditional");
        if (int.TryParse(text, out int k) && k >= 0 && k < Gan.ClassCount) return k;
        for (int i = 0; i < names.Count; i++)
            if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase)) return i;
        throw new ArgumentException($"--class '{text}' is neither 0…{Gan.ClassCount - 1} nor one of: {string.Join(", ", names)}");
    }

    /// <summary>Images [count, C, H, W] in [-1, 1]; conditional models draw <paramref name="classIndex"/> or cycle through the classes.</summary>
    public Tensor Sample(int count, Generator random, int? classIndex = null)
    {
        var device = Generator.parameters().First().device;
        Func<int, Tensor?>? labels = Gan.ClassCount == 0 ? null : n => classIndex is { } c
            ? full(n, c, dtype: int64, device: device)
            : arange(n, dtype: int64, device: device).remainder(Gan.ClassCount);
        return Sampling.Generate(Gan, Generator, count, random, device, labels);
    }

    public void Dispose()
    {
        if (UsesEma) Generator.Dispose();
        Gan.Dispose();
    }
}
