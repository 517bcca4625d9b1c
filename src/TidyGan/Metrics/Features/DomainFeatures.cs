using System.Security.Cryptography;
using System.Text.Json;
using TidyGan.Data;
using TidyGan.IO;
using TidyGan.Nn;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Metrics.Features;

/// <summary>
/// A domain feature network trained by TidyGan on the real training data: an <see cref="ImageClassifier"/>
/// whose 128-d penultimate layer gives the features. Saved as a folder holding <c>weights.bin</c>
/// (TorchSharp <c>module.save</c>) and <c>manifest.json</c> (<see cref="FeatureNetworkManifest"/>); the
/// version is the weights' SHA-256, so scores computed with one saved network stay comparable.
/// <para>The network always runs in eval mode under no_grad (BatchNorm uses its running statistics), so a
/// feature never depends on which other images share the batch. Images of another size are resized to the
/// training size (bilinear, antialiased, align_corners = false); grey images are replicated for an RGB network.</para>
/// </summary>
public sealed class DomainFeatures : IFeatureExtractor
{
    public const string ManifestFile = "manifest.json";
    public const string WeightsFile = "weights.bin";
    private const int BatchSize = 256;
    private const double LearningRate = 1e-3;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly ImageClassifier network;

    private DomainFeatures(ImageClassifier network, FeatureNetworkManifest manifest, string path)
    {
        this.network = network;
        network.eval();
        Manifest = manifest;
        Path = path;
    }

    public FeatureNetworkManifest Manifest { get; }

    /// <summary>The classifier itself: a denoiser's perceptual feature network (frozen, eval mode), or the encoder
    /// <see cref="DomainFeaturesOnnx"/> exports.</summary>
    public ImageClassifier Network => network;

    /// <summary>The folder it was loaded from.</summary>
    public string Path { get; }

    public string Name => $"domain:{Manifest.Dataset}";

    public string Version => $"sha256:{Manifest.WeightsSha256[..16]}";

    public int Dimension => Manifest.FeatureDimension;

    /// <summary>
    /// Train a classifier on <paramref name="train"/> (labelled), measure its accuracy on <paramref name="test"/>,
    /// save weights and manifest to the folder <paramref name="path"/> (each file written atomically) and return the
    /// test accuracy. Seeds torch's global RNG with <paramref name="seed"/> for the initial weights. Adam, batch 128,
    /// learning rate 1e-3 halved after every epoch (a final low-rate epoch makes the end point less noisy).
    /// With <paramref name="augment"/>, each epoch trains on <paramref name="copies"/> freshly augmented copies of
    /// the training images (small sets such as the slices of one volume); the test images are never augmented.
    /// </summary>
    public static double Train(ImageSet train, ImageSet test, string path, int epochs, int seed, int width = 32,
                               AugmentationOptions? augment = null, int copies = 1, string task = "classes")
    {
        if (copies < 1) throw new ArgumentException($"Augmented copies must be ≥ 1, got {copies}.", nameof(copies));
        if (train.Labels is null || test.Labels is null) throw new ArgumentException("Training a domain feature network needs labelled train and test sets.");
        if (train.ClassCount < 2) throw new ArgumentException($"'{train.Name}' has {train.ClassCount} classes; need at least 2.", nameof(train));
        if (train.Height != train.Width) throw new ArgumentException($"Square images only; '{train.Name}' is {train.Height}×{train.Width}.", nameof(train));
        if (test.Channels != train.Channels || test.Height != train.Height || test.Width != train.Width)
            throw new ArgumentException("Train and test images differ in shape.", nameof(test));

        random.manual_seed(seed);
        using var network = new ImageClassifier(train.Channels, train.ClassCount, width);
        for (int epoch = 0; epoch < epochs; epoch++)            // Adam, batch 128; learning rate 1e-3 halved every epoch
        {
            using var scope = NewDisposeScope();
            var (images, labels) = augment is null ? (train.Images, train.Labels)
                : (Augmentation.Apply(train.Images.repeat(copies, 1, 1, 1), augment, seed * 1000 + epoch).Images, train.Labels.repeat(copies));
            ClassifierTraining.Fit(network, images, labels, epochs: 1, batchSize: Math.Min(128, (int)images.shape[0]),
                learningRate: LearningRate * Math.Pow(0.5, epoch), seed: seed * 1000 + epoch);
        }
        network.eval();
        double accuracy = ClassifierTraining.Accuracy(network, test.Images, test.Labels);

        var folder = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(folder);
        var weightsPath = System.IO.Path.Combine(folder, WeightsFile);
        AtomicFile.Write(weightsPath, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            network.save(writer);
        });
        var manifest = new FeatureNetworkManifest(FeatureNetworkManifest.CurrentFormat, train.Name, train.Height, train.Channels,
            train.ClassCount, train.ClassNames.ToArray(), width, ImageClassifier.FeatureDim, train.Count, test.Count, epochs, seed,
            accuracy, WeightsFile, HashFile(weightsPath), task, augment is null ? 0 : copies);
        AtomicFile.WriteAllText(System.IO.Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(manifest, Json) + "\n");
        return accuracy;
    }

    /// <summary>Load a saved network; errors name the missing or damaged file.</summary>
    public static DomainFeatures Load(string path)
    {
        var folder = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Domain feature network folder '{folder}' does not exist (train one with `tidygan features train`).");
        var manifestPath = System.IO.Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifestPath)) throw new FileNotFoundException($"Domain feature network manifest '{manifestPath}' is missing.", manifestPath);

        FeatureNetworkManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<FeatureNetworkManifest>(File.ReadAllText(manifestPath), Json)
                ?? throw new InvalidDataException("empty");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"Domain feature network manifest '{manifestPath}' is damaged: {e.Message}", e);
        }
        if (manifest.Format != FeatureNetworkManifest.CurrentFormat)
            throw new InvalidDataException($"'{manifestPath}' has format '{manifest.Format}'; expected '{FeatureNetworkManifest.CurrentFormat}'.");
        if (manifest.WeightsFile is null || manifest.WeightsSha256 is null || manifest.Dataset is null
            || manifest.WeightsFile.Contains('/') || manifest.WeightsFile.Contains('\\') || manifest.WeightsSha256.Length < 16
            || manifest.Channels < 1 || manifest.Classes < 2 || manifest.Width < 1 || manifest.ImageSize < 1)
            throw new InvalidDataException($"Domain feature network manifest '{manifestPath}' is damaged: missing or invalid fields.");

        var weightsPath = System.IO.Path.Combine(folder, manifest.WeightsFile);
        if (!File.Exists(weightsPath)) throw new FileNotFoundException($"Domain feature network weights '{weightsPath}' are missing.", weightsPath);
        var hash = HashFile(weightsPath);
        if (!string.Equals(hash, manifest.WeightsSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"Domain feature network weights '{weightsPath}' are damaged or replaced: SHA-256 {hash[..16]}…, manifest says {manifest.WeightsSha256[..16]}….");

        var network = new ImageClassifier(manifest.Channels, manifest.Classes, manifest.Width);
        try
        {
            network.load(weightsPath, strict: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            network.Dispose();
            throw new InvalidDataException($"Domain feature network weights '{weightsPath}' could not be loaded: {e.Message}", e);
        }
        return new DomainFeatures(network, manifest, folder);
    }

    public Tensor Extract(Tensor images, IProgress<int>? progress = null)
    {
        if (images.dim() != 4) throw new ArgumentException($"Expected images [N, C, H, W], got [{string.Join(", ", images.shape)}].", nameof(images));
        long channels = images.shape[1];
        if (channels != Manifest.Channels && !(channels == 1 && Manifest.Channels == 3))
            throw new ArgumentException($"'{Name}' expects {Manifest.Channels}-channel images, got {channels}.", nameof(images));
        network.eval();                                    // always: training-mode BatchNorm would mix images in a batch
        using var noGrad = no_grad();
        long n = images.shape[0];
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < n; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var x = images.narrow(0, start, Math.Min(BatchSize, n - start)).cpu().to(float32);
                if (channels != Manifest.Channels) x = x.expand(-1, Manifest.Channels, -1, -1);
                if (x.shape[2] != Manifest.ImageSize || x.shape[3] != Manifest.ImageSize)
                    x = Resample.Resize(x, Manifest.ImageSize, Manifest.ImageSize, antialias: true);
                parts.Add(network.Features(x.contiguous()).to(float64).MoveToOuterDisposeScope());
                progress?.Report((int)(start + x.shape[0]));
            }
            return n == 0 ? zeros(0, Dimension, float64) : cat(parts, 0);
        }
        finally
        {
            foreach (var part in parts) part.Dispose();
        }
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => network.Dispose();
}
