using TidyGan.Gans;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>
/// `translate --engine onnx` and `segment predict --engine onnx`: a checkpoint's image network (a Cycle-GAN generator, the
/// segmentation U-Net) exported in memory exactly as `tidygan export` writes it (<see cref="OnnxExporter.ToOnnx"/>, eval
/// mode) and run by ONNX Runtime on batches of prepared slices [n, C, S, S] → the graph's output (image or class logits).
/// Everything around the network (slicing, normalisation, mapping back to physical units) stays TidyGan's.
/// </summary>
public sealed class OnnxImageNetwork : IDisposable
{
    private readonly OnnxInference session;

    private OnnxImageNetwork(OnnxInference session) => this.session = session;

    /// <param name="threads">ONNX Runtime's intra-op threads (the CLI passes TorchSharp's thread count).</param>
    public static OnnxImageNetwork Of<TGan>(TrainedModel<TGan> model, CycleDirection direction = CycleDirection.AToB, int threads = 1,
        OnnxProvider provider = OnnxProvider.Cpu) where TGan : class, IGan =>
        new(new OnnxInference(OnnxExporter.ToOnnx(model, direction), threads, provider));

    /// <summary>A Cycle-GAN generator by <see cref="VolumeTranslator"/>'s direction.</summary>
    public static OnnxImageNetwork Of(TrainedModel<Gans.CycleGan> model, TranslationDirection direction, int threads = 1,
        OnnxProvider provider = OnnxProvider.Cpu) =>
        Of(model, direction == TranslationDirection.AToB ? CycleDirection.AToB : CycleDirection.BToA, threads, provider);

    public IReadOnlyDictionary<string, string> Metadata => session.Metadata;

    /// <summary>The network's output for a batch of prepared slices (any device in; a float32 CPU tensor out).</summary>
    public Tensor Forward(Tensor images) => session.Run((OnnxExporter.ImageInput, images));

    public void Dispose() => session.Dispose();
}
