using System.Globalization;
using TidyGan.Data;
using TidyGan.Export;
using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Metrics.Features;

/// <summary>ONNX Runtime against TidyGan's domain features on the same images: the largest absolute difference.</summary>
public sealed record FeatureAgreement(string Inputs, int Count, double MaxAbsDifference, double FeatureRange);

/// <summary>
/// `tidygan export --features DIR`: a saved domain feature network (<see cref="DomainFeatures"/>) as an ONNX model
/// (<see cref="OnnxFeatureEncoder"/>), with its manifest's provenance as metadata, and the check that ONNX Runtime
/// reproduces <see cref="DomainFeatures.Extract"/> on real images of the network's own dataset.
/// </summary>
public static class DomainFeaturesOnnx
{
    public static IReadOnlyList<KeyValuePair<string, string>> Export(DomainFeatures features, string outputPath)
    {
        var m = features.Manifest;
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("tidygan.kind", "domain-features"),
            new("tidygan.network", nameof(ImageClassifier)),
            new("tidygan.features", features.Name),
            new("tidygan.features.version", features.Version),
            new("tidygan.features.task", m.Task ?? "classes"),
            new("tidygan.weights.sha256", m.WeightsSha256),
            new("tidygan.semantics", "eval: batch norm with running statistics, no dropout (the classification head is not exported)"),
            new("tidygan.output", $"{m.FeatureDimension}-d penultimate features (after ReLU), the vectors FD/KID compare"),
            new("tidygan.input.domain", m.Dataset),
            new("tidygan.input.size", m.ImageSize.ToString(CultureInfo.InvariantCulture)),
            new("tidygan.input.channels", m.Channels.ToString(CultureInfo.InvariantCulture)),
            new("tidygan.input.preprocessing",
                "images in [-1, 1] as TidyGan loads them; other sizes resized to size x size (bilinear, antialiased) and grey images replicated to RGB outside the graph, as DomainFeatures.Extract does"),
        };
        OnnxFeatureEncoder.Export(features.Network, m.Channels, m.ImageSize, metadata, outputPath);
        return metadata;
    }

    /// <summary>
    /// <paramref name="count"/> evenly spaced real images of the network's dataset (held-out split where it has one), at the
    /// network's size: TidyGan's <see cref="DomainFeatures.Extract"/> against ONNX Runtime running <paramref name="onnxPath"/>.
    /// </summary>
    public static FeatureAgreement Measure(DomainFeatures features, string onnxPath, int count = 16)
    {
        var m = features.Manifest;
        using var images = Datasets.Load(m.Dataset, new DatasetOptions(Size: m.ImageSize, Channels: m.Channels, Train: false));
        using var scope = NewDisposeScope();
        long n = images.Images.shape[0];
        var chosen = n <= count ? images.Images : images.Images.index_select(0, linspace(0, n - 1, count).round().to(int64));
        var expected = features.Extract(chosen);
        using var session = new OnnxInference(onnxPath);
        var actual = session.Run((OnnxExporter.ImageInput, chosen)).to(float64);
        if (!expected.shape.SequenceEqual(actual.shape))
            throw new InvalidOperationException($"ONNX features [{string.Join(", ", actual.shape)}] differ in shape from TidyGan's [{string.Join(", ", expected.shape)}]");
        return new FeatureAgreement($"{chosen.shape[0]} real {m.Dataset} images (evenly spaced of {n})", (int)chosen.shape[0],
            (expected - actual).abs().max().item<double>(), expected.abs().max().item<double>());
    }
}
