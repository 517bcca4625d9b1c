using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>ONNX Runtime against TidyGan's eval-mode output on the same inputs: the largest absolute difference.</summary>
/// <param name="Inputs">What the inputs were (latent draws and their seed, or which real slices).</param>
/// <param name="OutputRange">max |output| of TidyGan's network, for scale ([−1, 1] images; logits may be larger).</param>
public sealed record OnnxAgreementResult(string Network, string Inputs, int Count, double MaxAbsDifference, double OutputRange);

/// <summary>Runs an exported model and the checkpoint it came from on real inputs and compares them.</summary>
public static class OnnxAgreement
{
    /// <summary>
    /// Inputs, by model: latent codes drawn as TidyGan draws them (N(0, I), stream <paramref name="seed"/>, by default
    /// not the recalibration's, so the inputs are codes the statistics never saw) and, for C-GAN, classes 0, 1, 2, …;
    /// for Cycle-GAN, evenly spaced real slices of the source domain prepared as in training (size, field of view,
    /// depth range); for the segmenter, its labelled domain's held-out test slices prepared as in training.
    /// <paramref name="recalibrate"/> and <paramref name="recalibrationSeed"/> must be those the file was exported with.
    /// </summary>
    public static OnnxAgreementResult Measure(string checkpoint, string onnxPath, CycleDirection direction = CycleDirection.AToB,
        bool preferEma = true, int count = 16, int seed = 1, int recalibrate = 0, int recalibrationSeed = 0,
        ExportedNetwork which = ExportedNetwork.Generator)
    {
        using var model = CheckpointLoader.Load<IGan>(checkpoint, CPU, preferEma);
        if (recalibrate > 0) OnnxExporter.Recalibrate(model, recalibrate, recalibrationSeed);
        using var session = new OnnxInference(onnxPath);
        using var scope = NewDisposeScope();
        var network = WeightsExporter.Select(model, which, direction);
        network.eval();
        using var noGrad = no_grad();
        Tensor expected, actual;
        string inputs;
        switch (model.Gan)
        {
            case var _ when which == ExportedNetwork.Discriminator:
            {
                // Real images of the domain the discriminator judges, prepared as in training.
                var (images, what) = RealImagesJudged(model, direction);
                using (images)
                {
                    var chosen = Evenly(images.Images, count);
                    inputs = $"{chosen.shape[0]} real {what} (evenly spaced of {images.Count})";
                    expected = ((nn.Module<Tensor, Tensor>)network).call(chosen);
                    actual = session.Run((OnnxExporter.ImageInput, chosen));
                }
                break;
            }
            case Gans.CycleGan cycle:
            {
                var config = cycle.Config;
                var (a, b) = UnpairedSlices.Load(config.DomainA.Name, config.DomainB.Name, config.Model.ImageSize, config.FieldOfViewMm, config.MaxDepthMm);
                using (a)
                using (b)
                {
                    var source = direction == CycleDirection.AToB ? a : b;
                    var images = Evenly(source.Images, count);
                    inputs = $"{images.shape[0]} real {source.Name} slices (evenly spaced of {source.Count})";
                    expected = ((nn.Module<Tensor, Tensor>)network).call(images);
                    actual = session.Run((OnnxExporter.ImageInput, images));
                }
                break;
            }
            case IPairedModel paired:
            {
                var d = paired.Domains;
                using var pairs = PairedSlices.Load(d.Input.Name, d.Target.Name, d.SliceOptions(paired.ImageSize));
                var images = Evenly(pairs.Pairs.Images, count).narrow(1, 0, 1).contiguous();
                inputs = $"{images.shape[0]} real {d.Input.Name} slices (evenly spaced of {pairs.Pairs.Count})";
                expected = ((nn.Module<Tensor, Tensor>)network).call(images);
                actual = session.Run((OnnxExporter.ImageInput, images));
                break;
            }
            case AdversarialSegmenter segmenter:
            {
                var config = segmenter.Config;
                using var slices = new HeadDomains(config.Data).Load(config.LabelledDomain, SegmentationSplit.Test);
                var images = Evenly(slices.Images, count);
                inputs = $"{images.shape[0]} real {config.LabelledDomain} test slices (evenly spaced of {slices.Count})";
                expected = ((nn.Module<Tensor, Tensor>)network).call(images);
                actual = session.Run((OnnxExporter.ImageInput, images));
                break;
            }
            case IImageGenerator generator:
            {
                using var random = new Generator((ulong)seed);
                var z = generator.SampleLatent(count, random, CPU);
                if (generator.ClassCount > 0)
                {
                    var labels = arange(count, dtype: int64).remainder(generator.ClassCount);
                    inputs = $"{count} latent draws (seed {seed}), classes 0…{generator.ClassCount - 1} in turn";
                    expected = generator.Generate(network, z, labels);
                    actual = session.Run((OnnxExporter.Latent, z), (OnnxExporter.ClassInput, labels));
                }
                else
                {
                    inputs = $"{count} latent draws (seed {seed})";
                    expected = generator.Generate(network, z, null);
                    actual = session.Run((OnnxExporter.Latent, z));
                }
                break;
            }
            default:
                throw new NotSupportedException($"no ONNX comparison for {model.Manifest.Kind.Name()}");
        }
        if (!expected.shape.SequenceEqual(actual.shape))
            throw new InvalidOperationException($"ONNX output shape [{string.Join(", ", actual.shape)}] differs from TidyGan's [{string.Join(", ", expected.shape)}]");
        double difference = (expected - actual).abs().max().item<float>();
        double range = expected.abs().max().item<float>();
        return new OnnxAgreementResult(network.GetType().Name, inputs, (int)expected.shape[0], difference, range);
    }

    private static (ImageSet Images, string What) RealImagesJudged(TrainedModel<IGan> model, CycleDirection direction)
    {
        if (model.Gan is Gans.CycleGan cycle)
        {
            var config = cycle.Config;
            var (a, b) = UnpairedSlices.Load(config.DomainA.Name, config.DomainB.Name, config.Model.ImageSize, config.FieldOfViewMm, config.MaxDepthMm);
            var (judged, other) = direction == CycleDirection.AToB ? (b, a) : (a, b);
            other.Dispose();
            return (judged, $"{judged.Name} slices");
        }
        var data = model.Data;
        return (Datasets.Load(data.Name, new DatasetOptions(Size: data.Size, Channels: data.Channels)), $"{data.Name} images");
    }

    private static Tensor Evenly(Tensor images, int count)

    {
        long n = images.shape[0];
        if (n <= count) return images;
        var index = linspace(0, n - 1, count).round().to(int64);
        return images.index_select(0, index);
    }
}
