using TidyGan.IO;
using TidyGan.Data;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>
/// Mini-batches without replacement, reshuffled every epoch, optionally augmented (flip, rotation,
/// scale, shift). Order and augmentation are pure functions of (seed, batch index), so a resumed run
/// sees exactly the batches an uninterrupted run would have.
/// </summary>
public sealed class BatchSampler
{
    private readonly ImageSet data;
    private readonly int batchSize;
    private readonly int seed;
    private readonly AugmentationOptions augmentation;
    private readonly Device device;
    private long cachedEpoch = -1;
    private int[] order = [];

    public BatchSampler(ImageSet data, int batchSize, int seed, AugmentationOptions? augmentation, Device device)
    {
        if (data.Count < batchSize)
            throw new ArgumentException($"dataset '{data.Name}' has {data.Count} images, fewer than the batch size {batchSize}");
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.augmentation = augmentation ?? AugmentationOptions.None;
        this.device = device;
    }

    public int BatchesPerEpoch => data.Count / batchSize;   // the last partial batch is dropped, as DataLoader(drop_last=True)

    /// <summary>The batch with global index <paramref name="index"/> (0-based, counted over the whole run).</summary>
    public Batch Get(long index)
    {
        long epoch = index / BatchesPerEpoch;
        int start = (int)(index % BatchesPerEpoch) * batchSize;
        if (epoch != cachedEpoch) { order = Permutation(epoch); cachedEpoch = epoch; }

        using var indices = tensor(order.AsSpan(start, batchSize).ToArray().Select(i => (long)i).ToArray());
        var images = data.Images.index_select(0, indices);
        if (augmentation != AugmentationOptions.None)
        {
            // Seeded by (run seed, batch index): a resumed run augments exactly as the original did.
            var (augmented, _) = Augmentation.Apply(images, augmentation, StableSeed.Mix(seed, index, 0xA11));
            images.Dispose();
            images = augmented;
        }
        var labels = data.Labels?.index_select(0, indices);
        return new Batch(images.to(device), labels?.to(device));
    }

    private int[] Permutation(long epoch)
    {
        var rng = new Random(StableSeed.Mix(seed, epoch));
        var p = Enumerable.Range(0, data.Count).ToArray();
        rng.Shuffle(p);
        return p;
    }
}
