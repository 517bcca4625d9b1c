using TidyGan.Gans;
using TidyGan.Nn.Segmentation;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Segmentation;

/// <summary>A trained segmenter restored from a checkpoint (run folder or checkpoint folder), in eval mode.</summary>
public sealed class SegmentationModel : IDisposable
{
    private readonly IDisposable? owner;

    private SegmentationModel(SegmentationConfig config, UNet2d segmenter, string folder, IDisposable? owner)
    {
        Config = config;
        Segmenter = segmenter;
        Folder = folder;
        this.owner = owner;
    }

    public SegmentationConfig Config { get; }
    public UNet2d Segmenter { get; }
    public string Folder { get; }

    /// <summary>The segmenter of a checkpoint (run folder or checkpoint folder), through the one checkpoint loader.</summary>
    public static SegmentationModel Load(string path)
    {
        var trained = CheckpointLoader.Load<AdversarialSegmenter>(path);
        return new SegmentationModel(trained.Gan.Config, trained.Gan.Segmenter, trained.Folder, trained);
    }

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

    public void Dispose()
    {
        if (owner is not null) owner.Dispose();
        else Segmenter.Dispose();
    }
}
