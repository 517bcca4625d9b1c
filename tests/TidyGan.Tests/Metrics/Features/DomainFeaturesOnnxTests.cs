using TidyGan.Data;
using TidyGan.Metrics.Features;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Data;
using Xunit.Abstractions;

namespace TidyGan.Tests.Metrics.Features;

/// <summary>A CT and an MR domain feature network (the axial-position task, 32 px, width 8, 1 epoch), trained once per class.</summary>
public sealed class HeadFeatureNetworks : IDisposable
{
    private readonly TempDirectory directory = new();

    public HeadFeatureNetworks()
    {
        foreach (var name in new[] { "ct-head", "mr-head" })
        {
            using var slices = Datasets.Load(name, new DatasetOptions(Size: 32));
            var (train, test) = SlicePositionTask.Split(slices, bins: 4);
            using (train)
            using (test)
                DomainFeatures.Train(train, test, Folder(name), epochs: 1, seed: 2, width: 8, augment: new AugmentationOptions(), copies: 2,
                    task: SlicePositionTask.TaskName);
        }
    }

    public string Root => directory.Path;

    public string Folder(string dataset) => Path.Combine(directory.Path, dataset);

    public void Dispose() => directory.Dispose();
}

/// <summary>
/// `tidygan export --features DIR` (docs/onnx.md): the CT and MR feature encoders behind FD/KID, run by ONNX Runtime on real
/// slices, reproduce TidyGan's <see cref="DomainFeatures.Extract"/> to 1e-4 (max abs); Debian's onnx.checker accepts them.
/// </summary>
public class DomainFeaturesOnnxTests(HeadFeatureNetworks networks, ITestOutputHelper output) : IClassFixture<HeadFeatureNetworks>
{
    private string Exported(string dataset)
    {
        var path = Path.Combine(networks.Root, dataset + ".onnx");
        if (!File.Exists(path))
        {
            using var features = DomainFeatures.Load(networks.Folder(dataset));
            DomainFeaturesOnnx.Export(features, path);
        }
        return path;
    }

    [Theory]
    [InlineData("ct-head")]
    [InlineData("mr-head")]
    public void OnnxRuntimeReproducesTheFeaturesOnRealSlices(string dataset)
    {
        using var features = DomainFeatures.Load(networks.Folder(dataset));
        var result = DomainFeaturesOnnx.Measure(features, Exported(dataset));
        output.WriteLine($"{dataset}: {result.Inputs}: max abs difference {result.MaxAbsDifference:G3}, max |feature| {result.FeatureRange:G3}");
        Assert.Equal(16, result.Count);
        Assert.Contains($"real {dataset}", result.Inputs);
        Assert.True(result.MaxAbsDifference <= 1e-4, $"{dataset}: max abs difference {result.MaxAbsDifference}");
        Assert.True(result.FeatureRange > 1e-2, $"{dataset}: features only reach {result.FeatureRange}");   // 1 epoch, width 8: ~0.07
    }

    [Fact]
    public void CliExportsAndVerifiesAFeatureNetwork()
    {
        var path = Path.Combine(networks.Root, "cli-ct.onnx");
        var export = CliRunner.Run("export", "--features", networks.Folder("ct-head"), "--out", path, "--verify");
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.True(File.Exists(path));
        Assert.Contains("real ct-head images", export.Output);
        Assert.Contains("max abs difference", export.Output);
        var both = CliRunner.Run("export", "--features", networks.Folder("ct-head"), "--checkpoint", networks.Root, "--out", path);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("either --checkpoint DIR or --features DIR", both.Output);
    }

    [Fact]
    [Trait(Traits.Category, Traits.PythonReference)]
    public void ExportedEncodersPassTheOnnxChecker()
    {
        const string script = """
            import json, sys, onnx
            out = {}
            for path in sys.argv[1:]:
                m = onnx.load(path)
                onnx.checker.check_model(m, full_check=True)
                dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
                out[path] = {"input": dims(m.graph.input[0]), "output": dims(m.graph.output[0]),
                             "meta": {p.key: p.value for p in m.metadata_props}}
            print(json.dumps(out))
            """;
        var paths = new[] { Exported("ct-head"), Exported("mr-head") };
        var result = Python.Json(script, paths);
        foreach (var path in paths)
        {
            var model = result.GetProperty(path);
            Assert.Equal("batch", model.GetProperty("input")[0].GetString());
            Assert.Equal(["batch", "128"], model.GetProperty("output").EnumerateArray().Select(d => d.ToString()));
            Assert.Equal("domain-features", model.GetProperty("meta").GetProperty("tidygan.kind").GetString());
        }
    }
}
