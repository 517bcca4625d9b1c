using TidyGan.Data;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// What a paired model records of its data so `denoise` can use it without them: the input (A) and target (B) domains
/// (names, HU window or MR mapping, slice geometry) and the square field of view both were sliced on.
/// </summary>
/// <param name="MaxDepthMm">Training slices were limited to this depth below the vertex (null: the whole head).</param>
public sealed record PairedDomains(DataDescription Input, DataDescription Target, double FieldOfViewMm, double? MaxDepthMm = null)
{
    /// <summary>The options both volumes are sliced with.</summary>
    public DatasetOptions SliceOptions(int size) => UnpairedSlices.Options(size, FieldOfViewMm, MaxDepthMm, Input.MrIntensity);

    public PairedDomains Validate()
    {
        if (!(FieldOfViewMm > 0)) throw new ArgumentException($"field of view must be positive (got {FieldOfViewMm} mm)");
        return this;
    }
}

/// <summary>The options of a paired model: its domains.</summary>
public interface IPairedOptions : IModelOptions
{
    PairedDomains Data { get; }
}

/// <summary>A model trained on aligned (input, target) slice pairs that maps an input slice to a target slice (pix2pix, the denoisers).</summary>
public interface IPairedModel : IGan
{
    PairedDomains Domains { get; }

    /// <summary>Slice size the generator was trained on.</summary>
    int ImageSize { get; }

    /// <summary>The generator as a slice → slice network ([n, 1, S, S] in [−1, 1] → the same).</summary>
    nn.Module<Tensor, Tensor> Translator { get; }
}

/// <summary>A paired batch's two halves: channel 0 is the input, channel 1 the target (<see cref="PairedSet"/>).</summary>
public static class PairedBatch
{
    public static (Tensor Input, Tensor Target) Split(Batch batch)
    {
        var images = batch.Images;
        if (images.shape[1] != 2) throw new ArgumentException($"a paired model needs (input, target) pairs in 2 channels (got {images.shape[1]}): train it on paired data");
        return (images.narrow(1, 0, 1), images.narrow(1, 1, 1));
    }
}
