using TidyGan.Data;
using TidyGan.Export;
using TidyGan.Gans;
using TidyGan.Segmentation;
using TidyGan.Tests.Cli;
using TidyGan.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TidyGan.Tests.Export;

/// <summary>
/// `translate --engine onnx` and `segment predict --engine onnx` (docs/onnx.md): the same prepared slices of the real
/// Colin27 MR (mr-head, 181 axial slices) through TidyGan's own network and through ONNX Runtime's run of the network
/// exported in memory; the volumes written agree.
/// </summary>
public class OnnxEngineTests(OnnxRuns runs, ITestOutputHelper output) : IClassFixture<OnnxRuns>
{
    /// <summary>The export tests' bound on [−1, 1] network outputs (max abs).</summary>
    private const double NetworkTolerance = 1e-4;

    /// <summary>
    /// In HU: the network tolerance times the CT window's half-width ((3071 − (−1024)) / 2 = 2047.5 HU), 0.205 HU. The
    /// resampling back to the input grid is bilinear (weights summing to 1), so it cannot enlarge a difference.
    /// </summary>
    private static double HuTolerance(DataDescription ct) => NetworkTolerance * (ct.IntensityHigh - ct.IntensityLow) / 2;

    [Fact]
    public void TranslateAgreesInHounsfieldUnits()
    {
        using var model = CheckpointLoader.Load<Gans.CycleGan>(runs.Run("cyclegan"), CPU);
        var input = VolumeFiles.Read(Datasets.Ch2Path);
        using var onnx = OnnxImageNetwork.Of(model, TranslationDirection.AToB);
        using var torch = VolumeTranslator.Translate(model.Gan, input, TranslationDirection.AToB);
        using var ort = VolumeTranslator.Translate(model.Gan, input, TranslationDirection.AToB, network: onnx.Forward);
        Assert.Equal(torch.SliceIndices, ort.SliceIndices);
        double network = (torch.NetworkOutput - ort.NetworkOutput).abs().max().item<float>();
        double hu = torch.Output.Voxels.Zip(ort.Output.Voxels, (a, b) => Math.Abs((double)a - b)).Max();
        double tolerance = HuTolerance(torch.Target);
        output.WriteLine($"translate mr2ct, {torch.SliceIndices.Length} head slices of {input.Shape[2]}: network max abs {network:G3} " +
                         $"(bound {NetworkTolerance}), volume max abs {hu:G3} HU before int16 (bound {tolerance:G3} HU)");
        Assert.True(network <= NetworkTolerance, $"network outputs differ by {network}");
        Assert.True(hu <= tolerance, $"HU differ by {hu} > {tolerance}");
        Assert.True(torch.NetworkOutput.abs().max().item<float>() > 0.1, "a generator that outputs something");
    }

    /// <summary>
    /// Through the CLI, as written to disk: NIfTI int16 HU. Float values within 0.205 HU of each other can still round to
    /// neighbouring integers, so the written volumes agree to 1 HU (the int16 step) and almost every voxel is identical.
    /// </summary>
    [Fact]
    public void TranslateCommandWritesTheSameNifti()
    {
        var run = runs.Run("cyclegan");
        var paths = new Dictionary<string, string>();
        foreach (var engine in new[] { "torch", "onnx" })
        {
            paths[engine] = Path.Combine(runs.Folder, $"translate-{engine}.nii.gz");
            var result = CliRunner.Run("translate", "--checkpoint", run, "--input", Datasets.Ch2Path, "--output", paths[engine], "--engine", engine);
            Assert.True(result.ExitCode == 0, result.Output);
            if (engine == "onnx") Assert.Contains("ONNX Runtime", result.Output);
        }
        var torch = VolumeFiles.Read(paths["torch"]);
        var onnx = VolumeFiles.Read(paths["onnx"]);
        Assert.Equal(torch.Shape, onnx.Shape);
        var differences = torch.Voxels.Zip(onnx.Voxels, (a, b) => Math.Abs(a - b)).ToArray();
        int differing = differences.Count(d => d > 0);
        output.WriteLine($"translate CLI: int16 NIfTI max abs {differences.Max()} HU; {differing} of {differences.Length} voxels differ");
        Assert.True(differences.Max() <= 1, $"written HU differ by {differences.Max()}");
        Assert.True(differing <= differences.Length / 1000, $"{differing} voxels differ");
    }

    [Fact]
    public void TranslateRefusesAnUnknownEngineOrProvider()
    {
        var run = runs.Run("cyclegan");
        var target = Path.Combine(runs.Folder, "refused.nii.gz");
        var engine = CliRunner.Run("translate", "--checkpoint", run, "--input", Datasets.Ch2Path, "--output", target, "--engine", "tensorrt");
        Assert.NotEqual(0, engine.ExitCode);
        Assert.Contains("--engine", engine.Output);
        var provider = CliRunner.Run("translate", "--checkpoint", run, "--input", Datasets.Ch2Path, "--output", target, "--onnx-provider", "cuda");
        Assert.NotEqual(0, provider.ExitCode);
        Assert.Contains("--engine onnx only", provider.Output);
        // This build references ONNX Runtime's CPU package: asking for CUDA is a clear error, never a silent CPU run.
        var cuda = CliRunner.Run("translate", "--checkpoint", run, "--input", Datasets.Ch2Path, "--output", target, "--engine", "onnx", "--onnx-provider", "cuda");
        Assert.NotEqual(0, cuda.ExitCode);
        Assert.Contains("no CUDA execution provider", cuda.Output);
        Assert.False(File.Exists(target));
    }

    /// <summary>
    /// The label maps of both engines on Colin27. The arg-max of bilinearly interpolated probabilities can flip only where
    /// two classes' probabilities are within the engines' difference of each other (a near-tie); the test reports how many
    /// voxels that is and bounds it by 1e-4 of the volume (it was 0 when written).
    /// </summary>
    [Fact]
    public void SegmentPredictGivesTheSameLabels()
    {
        var run = runs.Run("segmentation");
        using var model = SegmentationModel.Load(run);
        using var trained = CheckpointLoader.Load<AdversarialSegmenter>(run);
        using var onnx = OnnxImageNetwork.Of(trained);
        var input = VolumeFiles.Read(Datasets.Ch2Path);
        Tensor? torchP = null, ortP = null;
        var torch = VolumeSegmenter.Segment(input, model.Config.Data.FieldOfViewMm, model.Config.Model.ImageSize,
            set => (torchP = model.Probabilities(set.Images)).alias(), model.Config.PredictAsCt);
        var ort = VolumeSegmenter.Segment(model.Config, input, images => onnx.Forward(images));
        using (torchP)
        {
            var ortCapture = VolumeSegmenter.Segment(input, model.Config.Data.FieldOfViewMm, model.Config.Model.ImageSize, set =>
            {
                using var logits = onnx.Forward(set.Images);
                ortP = nn.functional.softmax(logits, 1);
                return ortP.alias();
            }, model.Config.PredictAsCt);
            using (ortP)
            {
                double probability = (torchP! - ortP!).abs().max().item<float>();
                int differing = torch.Voxels.Zip(ort.Voxels, (a, b) => a != b).Count(d => d);
                output.WriteLine($"segment predict: probabilities max abs {probability:G3}; {differing} of {torch.Voxels.Length} labels differ; " +
                                 $"labels per class {string.Join(", ", Enumerable.Range(0, (int)torchP!.shape[1]).Select(k => torch.Voxels.Count(v => (int)v == k)))}");
                Assert.True(probability <= NetworkTolerance, $"probabilities differ by {probability}");
                Assert.Equal(ort.Voxels, ortCapture.Voxels);
                Assert.True(differing <= torch.Voxels.Length / 10_000, $"{differing} labels differ");
            }
        }
    }

    [Fact]
    public void SegmentPredictCommandRunsOnOnnxRuntime()
    {
        var run = runs.Run("segmentation");
        var paths = new Dictionary<string, string>();
        foreach (var engine in new[] { "torch", "onnx" })
        {
            paths[engine] = Path.Combine(runs.Folder, $"labels-{engine}.nii.gz");
            var result = CliRunner.Run("segment", "predict", "--checkpoint", run, "--in", Datasets.Ch2Path, "--out", paths[engine], "--engine", engine);
            Assert.True(result.ExitCode == 0, result.Output);
        }
        var torch = VolumeFiles.Read(paths["torch"]);
        var onnx = VolumeFiles.Read(paths["onnx"]);
        int differing = torch.Voxels.Zip(onnx.Voxels, (a, b) => a != b).Count(d => d);
        output.WriteLine($"segment predict CLI: {differing} of {torch.Voxels.Length} labels differ");
        Assert.True(differing <= torch.Voxels.Length / 10_000, $"{differing} labels differ");
    }
}
