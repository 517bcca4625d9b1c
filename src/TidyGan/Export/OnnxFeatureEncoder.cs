using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>
/// A domain feature encoder (<see cref="ImageClassifier"/>'s feature stack, the network behind FD/KID's domain features)
/// as an ONNX model: <c>image</c> [batch, C, S, S] → <c>features</c> [batch, 128], eval mode (batch norm with running
/// statistics). Metrics owns the encoder and its manifest, so it hands the loaded network and the metadata down here.
/// </summary>
public static class OnnxFeatureEncoder
{
    /// <summary>The encoder for square <paramref name="imageSize"/>-px images of <paramref name="channels"/> channels, as ONNX bytes.</summary>
    public static byte[] ToOnnx(ImageClassifier network, int channels, int imageSize, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        network.eval();
        using var noGrad = no_grad();
        var graph = new OnnxGraphBuilder();
        const string batch = OnnxGraphBuilder.BatchAxis;
        var image = graph.Input(OnnxExporter.ImageInput, OnnxType.Float, batch, (long)channels, (long)imageSize, (long)imageSize);
        var features = new OnnxModuleEmitter(graph).ClassifierFeatures(network, imageSize, image);
        graph.Output(features, OnnxExporter.FeaturesOutput, OnnxType.Float, batch, (long)ImageClassifier.FeatureDim);
        return new OnnxModel(graph.Build("tidygan_domain_features"), OnnxExporter.Opset, [.. metadata], OnnxExporter.Version).ToBytes();
    }

    /// <summary>Writes <see cref="ToOnnx"/>'s bytes to <paramref name="outputPath"/> atomically.</summary>
    public static void Export(ImageClassifier network, int channels, int imageSize, IEnumerable<KeyValuePair<string, string>> metadata, string outputPath) =>
        OnnxExporter.Write(outputPath, ToOnnx(network, channels, imageSize, metadata));
}
