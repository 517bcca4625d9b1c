using TidyGan.IO;
using TidyGan.Data;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>
/// Mini-batches without replacement, reshuffled every epoch, optionally augmented (flip, rotation,
/// scale, shift). Order and augmentation are pure functions of (seed, batch index), so a resumed run
/// sees exactly the batches an uninterrupted run would have. For a set on disk (<see cref="ImageSet.Files"/>)
/// batch i + 1 is read on a background thread while the caller trains on batch i, so the step does not wait on the disk.
/// </summary>
public sealed class BatchSampler : IDisposable
{
    private readonly ImageSet data;
    private readonly int batchSize;
    private readonly int seed;
    private readonly AugmentationOptions augmentation;
    private readonly Device device;
    private long cachedEpoch = -1;
    private int[] order = [];
    private (long Index, Task<float[]> Floats)? prefetch;
    private readonly float[]?[] buffers = new float[]?[2];   // double buffer: one read ahead while the other is copied

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
        var indices = Indices(index);
        using var indexTensor = tensor(indices);
        Tensor images;
        if (data.Files is null) images = data.Gather(indexTensor);
        else
        {
            // The background thread only fills a float buffer (no tensor crosses threads, so dispose scopes stay exact);
            // here it becomes the batch tensor with one copy.
            float[] floats;
            if (prefetch is { } p && p.Index == index) floats = p.Floats.GetAwaiter().GetResult();
            else
            {
                try { prefetch?.Floats.Wait(); } catch (AggregateException) { /* a read ahead for another index: not needed */ }
                floats = Buffer(index);
                data.Files.Read(indices, floats);
            }
            images = empty([batchSize, .. data.Files.SliceShape], float32);
            floats.AsSpan(0, (int)images.numel()).CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(images.bytes));
            var next = Indices(index + 1);
            var files = data.Files;
            var target = Buffer(index + 1);
            prefetch = (index + 1, Task.Run(() => { files.Read(next, target); return target; }));
        }
        if (augmentation != AugmentationOptions.None)
        {
            // Seeded by (run seed, batch index): a resumed run augments exactly as the original did.
            var (augmented, _) = Augmentation.Apply(images, augmentation, StableSeed.Mix(seed, index, 0xA11));
            images.Dispose();
            images = augmented;
        }
        var labels = data.Labels?.index_select(0, indexTensor);
        return new Batch(images.to(device), labels?.to(device));
    }

    /// <summary>Dataset indices of batch <paramref name="index"/>.</summary>
    private long[] Indices(long index)
    {
        long epoch = index / BatchesPerEpoch;
        int start = (int)(index % BatchesPerEpoch) * batchSize;
        if (epoch != cachedEpoch) { order = Permutation(epoch); cachedEpoch = epoch; }
        return order.AsSpan(start, batchSize).ToArray().Select(i => (long)i).ToArray();
    }

    private float[] Buffer(long index) => buffers[index % 2] ??= new float[batchSize * data.Files!.SliceLength];

    /// <summary>Waits for a batch still being read (its buffer must not be written after the sampler is gone).</summary>
    public void Dispose()
    {
        if (prefetch is { } p)
            try { p.Floats.Wait(); } catch (AggregateException) { /* the read failed; the next Get would have reported it */ }
        prefetch = null;
    }

    private int[] Permutation(long epoch)
    {
        var rng = new Random(StableSeed.Mix(seed, epoch));
        var p = Enumerable.Range(0, data.Count).ToArray();
        rng.Shuffle(p);
        return p;
    }
}
