using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>
/// `tidygan sample --engine onnx`: the same images as <see cref="Sampling.Sample"/>, computed by ONNX Runtime. The
/// generator is exported in memory with batch-statistics batch norm (what sampling uses), and the latent codes and
/// classes are drawn exactly as TidyGan draws them: chunks of <see cref="MinimumBatch"/> codes from the same stream.
/// </summary>
public static class OnnxSampling
{
    /// <summary>Sampling's smallest batch (<see cref="Sampling.Generate(IImageGenerator, nn.Module, int, Generator, Device, Func{int, Tensor?}?, int)"/>'s default).</summary>
    public const int MinimumBatch = 64;

    public static Tensor Sample(TrainedModel<IImageGenerator> model, int count, Generator random, int? classIndex = null)
    {
        var gan = model.Gan;
        if (gan is Gans.CycleGan)
            throw new UserException("--engine onnx samples latent generators (dcgan, wgan-gp, cgan); translate Cycle-GAN images with `tidygan translate`");
        using var session = new OnnxInference(OnnxExporter.ToOnnx(model, batchStatistics: true));
        var chunks = new List<Tensor>();
        try
        {
            for (int done = 0; done < count;)
            {
                int take = Math.Min(count - done, MinimumBatch);
                using var scope = NewDisposeScope();
                var latent = gan.SampleLatent(MinimumBatch, random, CPU);
                Tensor images;
                if (gan.ClassCount == 0) images = session.Run((OnnxExporter.Latent, latent));
                else
                {
                    var labels = classIndex is { } c ? full(MinimumBatch, c, dtype: int64) : arange(MinimumBatch, dtype: int64).remainder(gan.ClassCount);
                    images = session.Run((OnnxExporter.Latent, latent), (OnnxExporter.ClassInput, labels));
                }
                chunks.Add(images.narrow(0, 0, take).clone().MoveToOuterDisposeScope());
                done += take;
            }
            return cat(chunks, 0);
        }
        finally
        {
            foreach (var c in chunks) c.Dispose();
        }
    }
}
