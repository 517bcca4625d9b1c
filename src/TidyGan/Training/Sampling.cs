using TidyGan.Gans;
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
    public static Tensor Generate(IImageGenerator gan, nn.Module generator, Tensor latent, Tensor? labels)
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
    public static Tensor Generate(IImageGenerator gan, nn.Module generator, int count, Generator random, Device device,
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

    /// <summary>Images [count, C, H, W] in [-1, 1] from a trained model; conditional models draw <paramref name="classIndex"/>
    /// or cycle through the classes.</summary>
    public static Tensor Sample(this TrainedModel<IImageGenerator> model, int count, Generator random, int? classIndex = null)
    {
        var gan = model.Gan;
        var device = model.Generator.parameters().First().device;
        Func<int, Tensor?>? labels = gan.ClassCount == 0 ? null : n => classIndex is { } c
            ? full(n, c, dtype: int64, device: device)
            : arange(n, dtype: int64, device: device).remainder(gan.ClassCount);
        return Generate(gan, model.Generator, count, random, device, labels);
    }

    /// <summary>Class index from a number or a class name (case-insensitive), with a clear error otherwise.</summary>
    public static int ParseClass(this TrainedModel<IImageGenerator> model, string text)
    {
        var names = model.Data.ClassNames;
        int classes = model.Gan.ClassCount;
        if (classes == 0) throw new ArgumentException($"--class: the {model.Manifest.Kind.Name()} model in {model.Folder} is not conditional");
        if (int.TryParse(text, out int k) && k >= 0 && k < classes) return k;
        for (int i = 0; i < names.Count; i++)
            if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase)) return i;
        throw new ArgumentException($"--class '{text}' is neither 0…{classes - 1} nor one of: {string.Join(", ", names)}");
    }
}
