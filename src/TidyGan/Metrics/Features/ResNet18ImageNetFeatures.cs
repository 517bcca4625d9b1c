using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using TidyGan.Data;
using static TorchSharp.torch;

namespace TidyGan.Metrics.Features;

/// <summary>
/// The ImageNet ResNet18 that ships as ONNX in the Microsoft.ML.DnnImageFeaturizer.ResNet18 package, run with
/// ONNX Runtime (DESIGN.md, "the ResNet18 ONNX model"): 512-d global-average-pooled features.
/// <para>Preprocessing, fixed and part of <see cref="Version"/>: [−1, 1] → RGB 0–255 as (x + 1)·127.5 clamped;
/// grey replicated to 3 channels; resize to 224×224 with torch bilinear interpolation, align_corners = false,
/// antialias = true (<see cref="Resample.Resize"/>; antialiasing only acts when shrinking); then the package's
/// own ResNetPreprocess.onnx graph (RGB → BGR minus the mean image) and ResNet18.onnx.</para>
/// <para>Both graphs declare a fixed batch size of 1. By default their batch dimension is rewritten to symbolic
/// when loading (<see cref="OnnxBatchDimension"/>) and images run 16 at a time; with <c>batched: false</c> they run
/// one by one. Both give the same features up to float32 rounding (checked in the tests). ONNX graphs have no
/// training mode (ONNX Runtime inference runs BatchNormalization with its stored statistics), so the forgotten-eval()
/// trap cannot happen.</para>
/// </summary>
public sealed class ResNet18ImageNetFeatures : IFeatureExtractor
{
    public const string ExtractorName = "resnet18-imagenet";
    public const int ImageSize = 224;
    public const int FeatureDimension = 512;

    /// <summary>Everything between the caller's tensor and the ONNX graphs, as it appears in <see cref="Version"/>.</summary>
    public const string PreprocessingSpec = "rgb255-grey3-resize224-bilinear-antialias";

    private const string PreprocessFile = "ResNetPrepOnnx/ResNetPreprocess.onnx";
    private const string NetworkFile = "ResNet18Onnx/ResNet18.onnx";
    private const int ChunkSize = 16;                       // images resized (and, batched, run) at once: 16 × 600 kB

    private readonly InferenceSession preprocess;
    private readonly InferenceSession network;
    private readonly string preprocessInput, preprocessOutput, networkInput, networkOutput;

    /// <param name="modelDirectory">Folder holding ResNetPrepOnnx/ and ResNet18Onnx/; default: DnnImageModels
    /// next to the application (where the build copies them from the NuGet package).</param>
    /// <param name="threads">ONNX Runtime intra-op threads.</param>
    /// <param name="batched">Run 16 images per graph call (batch dimension made symbolic) instead of one by one.</param>
    public ResNet18ImageNetFeatures(string? modelDirectory = null, int threads = 2, bool batched = true)
    {
        ModelDirectory = Path.GetFullPath(modelDirectory ?? DefaultModelDirectory);
        var preprocessPath = Path.Combine(ModelDirectory, PreprocessFile);
        var networkPath = Path.Combine(ModelDirectory, NetworkFile);
        foreach (var path in new[] { preprocessPath, networkPath })
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"ResNet18 ONNX model file '{path}' is missing. It is copied to the build output from the NuGet package " +
                    "Microsoft.ML.DnnImageFeaturizer.ResNet18 (see src/TidyGan/TidyGan.csproj); rebuild, or pass the DnnImageModels folder.", path);

        Version = $"onnx-sha256:{HashFiles(networkPath, preprocessPath)}/{PreprocessingSpec}";
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        preprocess = Open(preprocessPath, options, batched);
        try
        {
            network = Open(networkPath, options, batched);
        }
        catch
        {
            preprocess.Dispose();
            throw;
        }
        preprocessInput = preprocess.InputMetadata.Keys.Single();
        preprocessOutput = preprocess.OutputMetadata.Keys.Single();
        networkInput = network.InputMetadata.Keys.Single();
        networkOutput = network.OutputMetadata.Keys.Single();
        BatchSize = batched ? ChunkSize : 1;
    }

    /// <summary>Images per graph call: 16 (symbolic batch dimension) or 1.</summary>
    public int BatchSize { get; }

    /// <summary>Where the build puts the package's models: DnnImageModels/ beside the application.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    public string ModelDirectory { get; }

    public string Name => ExtractorName;

    public string Version { get; }

    public int Dimension => FeatureDimension;

    public Tensor Extract(Tensor images, IProgress<int>? progress = null)
    {
        if (images.dim() != 4 || (images.shape[1] != 1 && images.shape[1] != 3))
            throw new ArgumentException($"Expected grey or RGB images [N, 1|3, H, W], got [{string.Join(", ", images.shape)}].", nameof(images));
        int n = (int)images.shape[0];
        var features = new float[n * FeatureDimension];
        const int pixels = 3 * ImageSize * ImageSize;
        using var run = new RunOptions();
        for (int start = 0; start < n; start += ChunkSize)
        {
            int count = Math.Min(ChunkSize, n - start);
            float[] rgb = ToRgb224(images.narrow(0, start, count));
            for (int i = 0; i < count; i += BatchSize)
            {
                int batch = Math.Min(BatchSize, count - i);
                using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                    new Memory<float>(rgb, i * pixels, batch * pixels), [batch, 3, ImageSize, ImageSize]);
                using var prepared = preprocess.Run(run, [preprocessInput], [input], [preprocessOutput]);
                using var pooled = network.Run(run, [networkInput], [prepared[0]], [networkOutput]);
                var output = pooled[0].GetTensorDataAsSpan<float>();
                if (output.Length != batch * FeatureDimension)
                    throw new InvalidOperationException($"ResNet18 returned {output.Length} values for {batch} images.");
                output.CopyTo(features.AsSpan((start + i) * FeatureDimension, batch * FeatureDimension));
            }
            progress?.Report(start + count);
        }
        using var result = tensor(features, [n, FeatureDimension]);
        return result.to(float64);
    }

    /// <summary>[−1, 1] grey/RGB → RGB 0–255 at 224×224, as a flat float32 array [count, 3, 224, 224].</summary>
    private static float[] ToRgb224(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images.cpu().to(float32);
        if (x.shape[1] == 1) x = x.expand(-1, 3, -1, -1);
        x = Resample.Resize(x.add(1).mul(127.5).clamp(0, 255), ImageSize, ImageSize, antialias: true).clamp(0, 255).contiguous();
        return x.data<float>().ToArray();
    }

    private static InferenceSession Open(string path, SessionOptions options, bool batched)
    {
        try
        {
            return batched
                ? new InferenceSession(OnnxBatchDimension.MakeSymbolic(File.ReadAllBytes(path)), options)
                : new InferenceSession(path, options);
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"ONNX Runtime could not load '{path}' (damaged or wrong file?): {e.Message}", e);
        }
    }

    /// <summary>First 16 hex digits of SHA-256 over the files' bytes, in order.</summary>
    private static string HashFiles(params string[] paths)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var path in paths)
        {
            using var stream = File.OpenRead(path);
            int read;
            while ((read = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    public void Dispose()
    {
        preprocess.Dispose();
        network.Dispose();
    }
}
