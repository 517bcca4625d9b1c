using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>Drawing images from a trained generator.</summary>
public static class Sampling
{
    /// <summary>
    /// Runs the generator with batch statistics and no gradients. Why batch statistics: during
    /// adversarial training DC-GAN's running batchnorm averages lag the generator (and an EMA copy
    /// never had its own), so pytorch/examples also samples in training mode. The running buffers are
    /// restored afterwards so sampling never changes the training state.
    /// </summary>
    public static Tensor Generate(IGan gan, nn.Module generator, Tensor latent, Tensor? labels)
    {
        var buffers = generator.named_buffers().Select(b => (b.Item2, Saved: b.Item2.clone())).ToList();
        bool wasTraining = generator.training;
        try
        {
            using var _ = no_grad();
            generator.train();
            return gan.Generate(generator, latent, labels);
        }
        finally
        {
            using (no_grad()) foreach (var (buffer, saved) in buffers) { buffer.copy_(saved); saved.Dispose(); }
            generator.train(wasTraining);
        }
    }

    /// <summary>
    /// <paramref name="count"/> images in chunks of at least <paramref name="minimumBatch"/> so
    /// batch statistics are always taken over a reasonable batch, even when one image is asked for.
    /// </summary>
    public static Tensor Generate(IGan gan, nn.Module generator, int count, Generator random, Device device,
        Func<int, Tensor?>? labelsFor = null, int minimumBatch = 64)
    {
        var chunks = new List<Tensor>();
        for (int done = 0; done < count;)
        {
            int take = Math.Min(count - done, Math.Max(minimumBatch, 1));
            int batch = Math.Max(take, minimumBatch);
            using var latent = gan.SampleLatent(batch, random, device);
            using var labels = labelsFor?.Invoke(batch);
            using var images = Generate(gan, generator, latent, labels);
            chunks.Add(images.narrow(0, 0, take).cpu());
            done += take;
        }
        var all = cat(chunks, 0);
        foreach (var c in chunks) c.Dispose();
        return all;
    }
}
