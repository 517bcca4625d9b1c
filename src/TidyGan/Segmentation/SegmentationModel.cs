using TidyGan.Nn.Segmentation;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Segmentation;

/// <summary>A trained segmenter restored from a checkpoint (run folder or checkpoint folder), in eval mode.</summary>
public sealed class SegmentationModel : IDisposable
{
    private SegmentationModel(SegmentationConfig config, UNet2d segmenter, string folder)
    {
        Config = config;
        Segmenter = segmenter;
        Folder = folder;
    }

    public SegmentationConfig Config { get; }
    public UNet2d Segmenter { get; }
    public string Folder { get; }

    public static SegmentationModel Load(string path)
    {
        var folder = Checkpoint.Resolve(path);
        var manifest = Checkpoint.ReadManifest(folder);
        if (manifest.Kind != AdversarialSegmentation.ModelKind)
            throw new CheckpointException(folder, $"holds a '{manifest.Kind}' model, not a segmenter (train one with `tidygan segment train` or `tidygan adapt`)");
        var config = manifest.ReadModelOptions<SegmentationConfig>(folder, "segmentation");
        var segmenter = new UNet2d(config.Model);
        Checkpoint.LoadModule(segmenter, Path.Combine(folder, Checkpoint.GeneratorFile));
        segmenter.eval();
        return new SegmentationModel(config, segmenter, folder);
    }

    /// <summary>Wraps a live segmenter (e.g. right after training) without a checkpoint.</summary>
    public static SegmentationModel Of(SegmentationConfig config, UNet2d segmenter) => new(config, segmenter, "");

    /// <summary>Class probabilities [N, C, S, S] of normalised slices [N, 1, S, S], in batches.</summary>
    public Tensor Probabilities(Tensor images, int batchSize = 32)
    {
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(batchSize, images.shape[0] - start);
            parts.Add(nn.functional.softmax(Segmenter.call(images.narrow(0, start, n)), 1).MoveToOuterDisposeScope());
        }
        var result = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return result;
    }

    /// <summary>Label maps [N, S, S] (int64).</summary>
    public Tensor Predict(Tensor images, int batchSize = 32)
    {
        using var p = Probabilities(images, batchSize);
        return p.argmax(1);
    }

    /// <summary>Per image, the mean of a named feature map over its pixels: [N, channels] (for the PCA figure).</summary>
    public Tensor PooledFeatures(Tensor images, string layer, int batchSize = 32)
    {
        int index = Config.Model.LayerNames.ToList().IndexOf(layer);
        if (index < 0) throw new ArgumentException($"unknown layer '{layer}'; valid: {string.Join(", ", Config.Model.LayerNames)}");
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(batchSize, images.shape[0] - start);
            var (_, features) = Segmenter.ForwardWithFeatures(images.narrow(0, start, n));
            parts.Add(features[index].mean([2, 3]).MoveToOuterDisposeScope());
        }
        var result = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return result;
    }

    public void Dispose() => Segmenter.Dispose();
}
