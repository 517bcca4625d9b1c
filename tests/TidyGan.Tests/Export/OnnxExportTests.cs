using System.Text.Json;
using TidyGan.Export;
using TidyGan.Gans;
using TidyGan.Training;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Data;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TidyGan.Tests.Export;

/// <summary>Tiny runs of every exportable model kind, trained once through the CLI for all tests of the class (~20 s).</summary>
public sealed class OnnxRuns : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly Dictionary<string, string> runs = [];
    private readonly Lock gate = new();

    /// <summary>CLI arguments of each run (a few steps, tiny widths, real data).</summary>
    private static readonly Dictionary<string, string[]> Recipes = new()
    {
        ["dcgan"] = ["train", "dcgan", "--data", "fashion-mnist", "--size", "28", "--width", "8", "--steps", "3", "--batch", "16", "--limit", "256", "--ema", "0.9"],
        ["wgan-gp"] = ["train", "dcgan", "--data", "fashion-mnist", "--size", "28", "--width", "8", "--loss", "wgan-gp", "--steps", "2", "--batch", "8", "--limit", "64"],
        ["cgan"] = ["train", "cgan", "--data", "fashion-mnist", "--size", "28", "--width", "8", "--steps", "2", "--batch", "8", "--limit", "64"],
        ["cyclegan"] = ["train", "cyclegan", "--a", "mr-head", "--b", "ct-head", "--size", "32", "--width", "4", "--steps", "2", "--batch", "2"],
        ["cyclegan-unet"] = ["train", "cyclegan", "--a", "mr-head", "--b", "ct-head", "--size", "32", "--width", "4", "--generator", "unet", "--steps", "1", "--batch", "2"],
        ["segmentation"] = ["segment", "train", "--data", "mr-head", "--size", "32", "--width", "4", "--depth", "2", "--steps", "2", "--batch", "4"],
        ["dcgan-ct"] = ["train", "dcgan", "--data", "ct-head", "--size", "32", "--width", "8", "--steps", "2", "--batch", "8"],
    };

    public string Folder => dir.Path;

    /// <summary>The run folder of <paramref name="name"/>, trained on first use.</summary>
    public string Run(string name)
    {
        lock (gate)
        {
            if (runs.TryGetValue(name, out var run)) return run;
            run = Path.Combine(dir.Path, name);
            var result = CliRunner.Run([.. Recipes[name], "--out", run]);
            Assert.True(result.ExitCode == 0, result.Output);
            runs[name] = run;
            return run;
        }
    }

    public void Dispose() => dir.Dispose();
}

/// <summary>
/// ONNX export (docs/onnx.md): each exportable network, exported from a trained checkpoint, run by ONNX Runtime on
/// real inputs, reproduces TidyGan's eval-mode output to 1e-4 (max abs); the files pass Debian's onnx.checker.
/// </summary>
public class OnnxExportTests(OnnxRuns runs, ITestOutputHelper output) : IClassFixture<OnnxRuns>
{
    private const double Tolerance = 1e-4;

    /// <summary>(case, run, direction, recalibration draws).</summary>
    public static TheoryData<string, string, string, int> Cases => new()
    {
        { "dcgan", "dcgan", "a2b", 0 },
        { "dcgan-recalibrated", "dcgan", "a2b", 256 },
        { "wgan-gp-recalibrated", "wgan-gp", "a2b", 256 },
        { "cgan-recalibrated", "cgan", "a2b", 256 },
        { "cyclegan-a2b", "cyclegan", "a2b", 0 },
        { "cyclegan-b2a", "cyclegan", "b2a", 0 },
        { "cyclegan-unet-a2b", "cyclegan-unet", "a2b", 0 },
        { "segmentation", "segmentation", "a2b", 0 },
    };

    private string ExportCase(string name, string run, string direction, int recalibrate)
    {
        var path = Path.Combine(runs.Folder, name + ".onnx");
        if (!File.Exists(path))
            OnnxExporter.Export(runs.Run(run), path, OnnxExporter.ParseDirection(direction), recalibrate: recalibrate);
        return path;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntimeReproducesTidyGanOnRealInputs(string name, string run, string direction, int recalibrate)
    {
        var path = ExportCase(name, run, direction, recalibrate);
        var result = OnnxAgreement.Measure(runs.Run(run), path, OnnxExporter.ParseDirection(direction), recalibrate: recalibrate);
        output.WriteLine($"{name}: {result.Inputs}: max abs difference {result.MaxAbsDifference:G3}, max |output| {result.OutputRange:G3}");
        Assert.Equal(16, result.Count);
        Assert.True(result.MaxAbsDifference <= Tolerance, $"{name}: max abs difference {result.MaxAbsDifference} on {result.Inputs}");
        // Not a vacuous match: the network's outputs are far from zero (eval-mode DC-GAN after 3 steps without
        // recalibration is the one case whose outputs stay small, ~0.01).
        Assert.True(result.OutputRange > (name == "dcgan" ? 1e-3 : 0.1), $"{name}: outputs only reach {result.OutputRange}");
    }

    [Fact]
    public void BatchAxisIsDynamicAndEachImageIsIndependent()
    {
        var path = ExportCase("cyclegan-a2b", "cyclegan", "a2b", 0);
        using var session = new OnnxInference(path);
        using var scope = NewDisposeScope();
        var images = rand([5, 1, 32, 32], generator: new Generator(3)) * 2 - 1;
        var all = session.Run((OnnxExporter.ImageInput, images));
        Assert.Equal([5L, 1, 32, 32], all.shape);
        for (int i = 0; i < 5; i++)
        {
            var one = session.Run((OnnxExporter.ImageInput, images.narrow(0, i, 1)));
            Assert.True((one - all.narrow(0, i, 1)).abs().max().item<float>() < 1e-6f);
        }
    }

    [Fact]
    public void MetadataCarriesTheIntensityMappingAndProvenance()
    {
        var path = ExportCase("cyclegan-a2b", "cyclegan", "a2b", 0);
        using var session = new OnnxInference(path);
        var m = session.Metadata;
        Assert.Equal("cyclegan", m["tidygan.kind"]);
        Assert.Equal("a2b", m["tidygan.direction"]);
        Assert.Equal("mr-head", m["tidygan.input.domain"]);
        Assert.Equal("ct-head", m["tidygan.output.domain"]);
        Assert.Equal("HU", m["tidygan.output.unit"]);
        Assert.Equal(-1024, double.Parse(m["tidygan.output.low"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3071, double.Parse(m["tidygan.output.high"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("2", m["tidygan.step"]);
        Assert.Equal(["image"], session.InputNames);
        Assert.Equal(["image_out"], session.OutputNames);

        using var cgan = new OnnxInference(ExportCase("cgan-recalibrated", "cgan", "a2b", 256));
        Assert.Equal(["z", "class"], cgan.InputNames);
        Assert.Equal(10, JsonSerializer.Deserialize<string[]>(cgan.Metadata["tidygan.class_names"])!.Length);
        Assert.StartsWith("running statistics re-estimated from 256", cgan.Metadata["tidygan.batch_norm"]);
    }

    [Fact]
    public void CliExportsVerifiesAndRefusesWhatItCannotExport()
    {
        var output = Path.Combine(runs.Folder, "cli-b2a.onnx");
        var export = CliRunner.Run("export", "--checkpoint", runs.Run("cyclegan"), "--format", "onnx", "--out", output, "--generator", "b2a", "--verify");
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.True(File.Exists(output));
        Assert.Contains("ct-head slices", export.Output);
        Assert.Contains("max abs difference", export.Output);

        var format = CliRunner.Run("export", "--checkpoint", runs.Run("cyclegan"), "--format", "tflite", "--out", output);
        Assert.NotEqual(0, format.ExitCode);
        Assert.Contains("--format 'tflite'", format.Output);
        var recalibrate = CliRunner.Run("export", "--checkpoint", runs.Run("cyclegan"), "--out", output, "--recalibrate", "8");
        Assert.NotEqual(0, recalibrate.ExitCode);
        Assert.Contains("only latent generators", recalibrate.Output);
    }

    /// <summary>A layer kind with no mapping is an error naming the layer, never a graph that silently skips it.</summary>
    [Fact]
    public void UnknownLayersAreNamed()
    {
        using var network = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("drop", nn.Dropout2d(0.5)));
        var emitter = new OnnxModuleEmitter(new OnnxGraphBuilder());
        var error = Assert.Throws<NotSupportedException>(() => emitter.Emit(network, "", "image"));
        Assert.Contains("'drop'", error.Message);
        Assert.Contains("Dropout2d", error.Message);
    }

    /// <summary>`sample --engine onnx` draws what `sample` draws: same codes, same classes, batch statistics per chunk of 64.</summary>
    [Theory]
    [InlineData("dcgan", null)]
    [InlineData("wgan-gp", null)]
    [InlineData("cgan", null)]
    [InlineData("cgan", 3)]
    public void OnnxEngineSamplesTheSameImages(string run, int? classIndex)
    {
        using var model = CheckpointLoader.Load<IImageGenerator>(runs.Run(run), CPU);
        using var first = new Generator(5);
        using var second = new Generator(5);
        using var expected = model.Sample(70, first, classIndex);                 // 70: two chunks, the second cut short
        using var actual = OnnxSampling.Sample(model, 70, second, classIndex);
        Assert.Equal(expected.shape, actual.shape);
        double difference = (expected - actual).abs().max().item<float>();
        output.WriteLine($"sample --engine onnx, {run}{(classIndex is { } k ? $" class {k}" : "")}: max abs difference {difference:G3} over 70 images");
        Assert.True(difference <= Tolerance, $"{run}: max abs difference {difference}");
        Assert.True(expected.abs().max().item<float>() > 0.1, "batch statistics give full-range images");
    }

    [Fact]
    public void SampleCommandRunsOnOnnxRuntime()
    {
        var grid = Path.Combine(runs.Folder, "onnx-grid.png");
        var sample = CliRunner.Run("sample", "--checkpoint", runs.Run("cgan"), "--n", "10", "--engine", "onnx", "--out", grid);
        Assert.True(sample.ExitCode == 0, sample.Output);
        Assert.Contains("ONNX Runtime", sample.Output);
        Assert.True(File.Exists(grid));
        var cycle = CliRunner.Run("sample", "--checkpoint", runs.Run("cyclegan"), "--n", "4", "--engine", "onnx", "--out", grid);
        Assert.NotEqual(0, cycle.ExitCode);
        Assert.Contains("tidygan translate", cycle.Output);
    }

    /// <summary>(case, run, direction): the discriminators, judging real slices of the domain they judge.</summary>
    public static TheoryData<string, string, string> DiscriminatorCases => new()
    {
        { "dcgan-ct-discriminator", "dcgan-ct", "a2b" },           // DcGanDiscriminator with batch norm, ct-head slices
        { "cyclegan-discriminator-b", "cyclegan", "a2b" },         // PatchGAN judging ct-head (the reference's D_A)
        { "cyclegan-discriminator-a", "cyclegan", "b2a" },         // PatchGAN judging mr-head (D_B)
    };

    private string ExportDiscriminator(string name, string run, string direction)
    {
        var path = Path.Combine(runs.Folder, name + ".onnx");
        if (!File.Exists(path))
            OnnxExporter.Export(runs.Run(run), path, OnnxExporter.ParseDirection(direction), which: ExportedNetwork.Discriminator);
        return path;
    }

    [Theory]
    [MemberData(nameof(DiscriminatorCases))]
    public void OnnxRuntimeReproducesDiscriminatorsOnRealSlices(string name, string run, string direction)
    {
        var path = ExportDiscriminator(name, run, direction);
        var result = OnnxAgreement.Measure(runs.Run(run), path, OnnxExporter.ParseDirection(direction), which: ExportedNetwork.Discriminator);
        output.WriteLine($"{name}: {result.Network}, {result.Inputs}: max abs difference {result.MaxAbsDifference:G3}, max |output| {result.OutputRange:G3}");
        Assert.Equal(16, result.Count);
        Assert.Contains(direction == "b2a" ? "mr-head" : "ct-head", result.Inputs);
        Assert.True(result.MaxAbsDifference <= Tolerance, $"{name}: max abs difference {result.MaxAbsDifference} on {result.Inputs}");
        Assert.True(result.OutputRange > 1e-3, $"{name}: outputs only reach {result.OutputRange}");     // DC-GAN D after 2 steps: ~0.009
        using var session = new OnnxInference(path);
        Assert.Equal(run == "dcgan-ct" ? [OnnxExporter.LogitsOutput] : [OnnxExporter.PatchScoresOutput], session.OutputNames);
    }

    [Fact]
    public void CliExportsADiscriminatorAndRefusesTheCriticsLayerNorm()
    {
        var path = Path.Combine(runs.Folder, "cli-discriminator.onnx");
        var export = CliRunner.Run("export", "--checkpoint", runs.Run("cyclegan"), "--out", path, "--network", "discriminator", "--verify");
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.Contains("PatchDiscriminator", export.Output);
        Assert.Contains("ct-head slices", export.Output);
        var critic = CliRunner.Run("export", "--checkpoint", runs.Run("wgan-gp"), "--out", path + ".critic", "--network", "discriminator");
        Assert.NotEqual(0, critic.ExitCode);
        Assert.Contains("GroupNorm", critic.Output);                 // the WGAN-GP critic's layer norm has no mapping: named, not skipped
        var recalibrate = CliRunner.Run("export", "--checkpoint", runs.Run("dcgan"), "--out", path, "--network", "discriminator", "--recalibrate", "8");
        Assert.NotEqual(0, recalibrate.ExitCode);
    }

    /// <summary>Debian's onnx 1.12 reads every exported file with its own protobuf parser and finds it valid (full check, with shape inference).</summary>
    [Fact]
    [Trait(Traits.Category, Traits.PythonReference)]
    public void ExportedModelsPassTheOnnxChecker()
    {
        var paths = Cases.Select(c => ExportCase((string)c[0], (string)c[1], (string)c[2], (int)c[3]))
            .Concat(DiscriminatorCases.Select(c => ExportDiscriminator((string)c[0], (string)c[1], (string)c[2]))).ToArray();
        const string script = """
            import json, sys, onnx
            out = {}
            for path in sys.argv[1:]:
                m = onnx.load(path)
                onnx.checker.check_model(m, full_check=True)
                dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
                out[path] = {"opset": m.opset_import[0].version, "ir": m.ir_version,
                             "inputs": [dims(i) for i in m.graph.input], "outputs": [dims(o) for o in m.graph.output],
                             "meta": {p.key: p.value for p in m.metadata_props}, "version": onnx.__version__}
            print(json.dumps(out))
            """;
        var result = Python.Json(script, paths);
        foreach (var path in paths)
        {
            var model = result.GetProperty(path);
            Assert.Equal(OnnxExporter.Opset, model.GetProperty("opset").GetInt32());
            foreach (var value in model.GetProperty("inputs").EnumerateArray().Concat(model.GetProperty("outputs").EnumerateArray()))
                Assert.Equal("batch", value[0].GetString());
            Assert.True(model.GetProperty("meta").TryGetProperty("tidygan.kind", out _));
        }
    }
}
