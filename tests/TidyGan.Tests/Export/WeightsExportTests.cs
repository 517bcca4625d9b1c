using System.IO.Compression;
using System.Text;
using TidyGan.Export;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Nn.CycleGan;
using TidyGan.Training;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Data;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TidyGan.Tests.Export;

/// <summary>
/// PyTorch (.pth) and safetensors weights both ways (docs/weights.md): the reference implementations' key names and shapes,
/// bit-identical round trips, torch 1.13 loading the files into twins built like the references, and the safety rule
/// (a pickle that asks for any global but tensors and plain containers is refused, nothing executed).
/// </summary>
public class WeightsExportTests(OnnxRuns runs, ITestOutputHelper output) : IClassFixture<OnnxRuns>
{
    /// <summary>(case, run, network, direction).</summary>
    public static TheoryData<string, string, string, string> Networks => new()
    {
        { "dcgan-g", "dcgan", "generator", "a2b" },
        { "dcgan64-g", "dcgan64", "generator", "a2b" },
        { "dcgan64-d", "dcgan64", "discriminator", "a2b" },
        { "dcgan-d", "dcgan", "discriminator", "a2b" },
        { "resnet-a2b", "cyclegan", "generator", "a2b" },
        { "resnet-b2a", "cyclegan", "generator", "b2a" },
        { "patch-b", "cyclegan", "discriminator", "a2b" },
        { "unet-a2b", "cyclegan-unet", "generator", "a2b" },
    };

    public static TheoryData<string, string, string, string, string> NetworksAndFormats
    {
        get
        {
            var data = new TheoryData<string, string, string, string, string>();
            foreach (var row in Networks)
                foreach (var format in new[] { "pytorch", "safetensors" })
                    data.Add((string)row[0], (string)row[1], (string)row[2], (string)row[3], format);
            return data;
        }
    }

    private static readonly Lock Gate = new();

    /// <summary>The OnnxRuns run, or "dcgan64": pytorch/examples' exact 64 px layout (4 up-steps from 4×4), trained here.</summary>
    private string Run(string run)
    {
        if (run != "dcgan64") return runs.Run(run);
        lock (Gate)
        {
            var folder = Path.Combine(runs.Folder, run);
            if (Directory.Exists(Path.Combine(folder, Checkpoint.Folder))) return folder;
            var result = CliRunner.Run("train", "dcgan", "--data", "ct-head", "--size", "64", "--width", "8", "--steps", "2", "--batch", "8", "--out", folder);
            Assert.True(result.ExitCode == 0, result.Output);
            return folder;
        }
    }

    private string ExportCase(string name, string run, string network, string direction, string format)
    {
        var format1 = WeightsExporter.ParseFormat(format);
        var path = Path.Combine(runs.Folder, name + WeightsExporter.Extension(format1));
        if (!File.Exists(path))
            WeightsExporter.Export(Run(run), path, format1, Which(network), OnnxExporter.ParseDirection(direction));
        return path;
    }

    private static ExportedNetwork Which(string network) => network == "generator" ? ExportedNetwork.Generator : ExportedNetwork.Discriminator;

    /// <summary>A freshly initialised network of the same architecture (for round trips into something that did not hold the weights).</summary>
    private static (IGan Gan, nn.Module Network) Fresh(TrainedModel<IGan> model, string network, string direction)
    {
        var gan = ModelCatalog.Create(ModelCatalog.ReadOptions(model.Manifest, model.Folder));
        bool a2b = direction == "a2b";
        nn.Module net = network == "generator"
            ? gan.Generator is CycleGenerators g ? (a2b ? g.AToB : g.BToA) : gan.Generator
            : gan.Discriminator is CycleDiscriminators d ? (a2b ? d.JudgeB : d.JudgeA) : gan.Discriminator;
        return (gan, net);
    }

    [Theory]
    [MemberData(nameof(NetworksAndFormats))]
    public void RoundTripGivesBitIdenticalWeights(string name, string run, string network, string direction, string format)
    {
        var path = ExportCase(name, run, network, direction, format);
        using var model = CheckpointLoader.Load<IGan>(Run(run), CPU);
        var source = WeightsExporter.Select(model, Which(network), OnnxExporter.ParseDirection(direction));
        var (gan, target) = Fresh(model, network, direction);
        using (gan)
        {
            var expected = source.state_dict();
            var before = target.state_dict();
            Assert.Contains(expected, e => !Same(before[e.Key], e.Value));    // not vacuous: fresh weights differ
            using var file = WeightsExporter.Read(path);
            int count = WeightsImporter.Load(target, file, path);
            var after = target.state_dict();
            Assert.Equal(expected.Count, count);
            Assert.Equal(expected.Keys.Order(), after.Keys.Order());
            foreach (var (key, value) in expected)
            {
                Assert.Equal(value.dtype, after[key].dtype);
                Assert.True(Same(value, after[key]), $"{name} {format}: {key} differs after the round trip");
            }
            // Batch-norm running statistics and num_batches_tracked travel too, under the reference's names.
            if (name == "dcgan-g")
            {
                Assert.True(file.TryGet("main.1.running_var", out _));
                Assert.True(file.TryGet("main.1.num_batches_tracked", out var batches));
                Assert.Equal(ScalarType.Int64, batches.dtype);
                Assert.True(batches.item<long>() > 0);
            }
        }
    }

    [Fact]
    public void KeyNamesAreTheReferencesInPyTorchOrder()
    {
        using var g = WeightsExporter.Read(ExportCase("dcgan-g", "dcgan", "generator", "a2b", "pytorch"));
        // 28 px = 7·2²: pytorch/examples' layout with two up-steps (conv, bn, relu per step; conv, tanh last).
        Assert.Equal(["main.0.weight", "main.1.weight", "main.1.bias", "main.1.running_mean", "main.1.running_var", "main.1.num_batches_tracked",
            "main.3.weight", "main.4.weight", "main.4.bias", "main.4.running_mean", "main.4.running_var", "main.4.num_batches_tracked",
            "main.6.weight"], g.Keys);
        Assert.Equal([100L, 16, 7, 7], g.Entries[0].Value.shape);
        // 64 px: exactly the keys of pytorch/examples dcgan/main.py's netG and netD.
        using var g64 = WeightsExporter.Read(ExportCase("dcgan64-g", "dcgan64", "generator", "a2b", "pytorch"));
        string[] bn(int i) => [$"main.{i}.weight", $"main.{i}.bias", $"main.{i}.running_mean", $"main.{i}.running_var", $"main.{i}.num_batches_tracked"];
        Assert.Equal(["main.0.weight", .. bn(1), "main.3.weight", .. bn(4), "main.6.weight", .. bn(7), "main.9.weight", .. bn(10), "main.12.weight"], g64.Keys);
        using var d64 = WeightsExporter.Read(ExportCase("dcgan64-d", "dcgan64", "discriminator", "a2b", "pytorch"));
        Assert.Equal(["main.0.weight", "main.2.weight", .. bn(3), "main.5.weight", .. bn(6), "main.8.weight", .. bn(9), "main.11.weight"], d64.Keys);
        Assert.Equal([1L, 64, 4, 4], d64.Entries[^1].Value.shape);                                 // ndf·8 → 1, 4×4
        using var d = WeightsExporter.Read(ExportCase("dcgan-d", "dcgan", "discriminator", "a2b", "safetensors"));
        Assert.Equal(["main.0.weight", "main.2.weight", "main.3.weight", "main.3.bias", "main.3.running_mean", "main.3.running_var",
            "main.3.num_batches_tracked", "main.5.weight"], d.Keys);
        using var resnet = WeightsExporter.Read(ExportCase("resnet-a2b", "cyclegan", "generator", "a2b", "pytorch"));
        Assert.Equal("model.1.weight", resnet.Keys.First());
        Assert.Contains("model.10.conv_block.5.bias", resnet.Keys);
        Assert.DoesNotContain(resnet.Keys, k => k.Contains("running", StringComparison.Ordinal));   // instance norm: no statistics
        using var unet = WeightsExporter.Read(ExportCase("unet-a2b", "cyclegan-unet", "generator", "a2b", "safetensors"));
        Assert.Equal("model.model.0.weight", unet.Keys.First());
        Assert.Contains("model.model.1.model.3.model.3.model.3.model.1.weight", unet.Keys);    // innermost down conv at 32 px (5 levels)
    }

    [Fact]
    public void ImportBuildsARunThatSamplesAndReExportsTheSameFile()
    {
        var pth = ExportCase("dcgan-g", "dcgan", "generator", "a2b", "pytorch");
        var netD = ExportCase("dcgan-d", "dcgan", "discriminator", "a2b", "safetensors");
        var run = Path.Combine(runs.Folder, "imported-dcgan");
        var import = CliRunner.Run("import", "--from", pth, "--kind", "dcgan", "--discriminator", netD, "--data", "fashion-mnist", "--out", run);
        Assert.True(import.ExitCode == 0, import.Output);
        using (var original = CheckpointLoader.Load<IGan>(runs.Run("dcgan"), CPU))
        using (var imported = CheckpointLoader.Load<IGan>(run, CPU))
        {
            Assert.Equal(ModelKind.DcGan, imported.Manifest.Kind);
            Assert.Equal(original.Data.IntensityUnit, imported.Data.IntensityUnit);
            foreach (var (key, value) in original.Generator.state_dict())
                Assert.True(Same(value, imported.Generator.state_dict()[key]), key);
        }
        var again = Path.Combine(runs.Folder, "imported-dcgan.pth");
        var export = CliRunner.Run("export", "--checkpoint", run, "--format", "pytorch", "--out", again);
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.Equal(File.ReadAllBytes(pth), File.ReadAllBytes(again));
        var sample = CliRunner.Run("sample", "--checkpoint", run, "--n", "4", "--out", Path.Combine(runs.Folder, "imported.png"));
        Assert.True(sample.ExitCode == 0, sample.Output);
        var twice = CliRunner.Run("import", "--from", pth, "--kind", "dcgan", "--out", run);                 // never over an existing run
        Assert.NotEqual(0, twice.ExitCode);
        Assert.Contains("already holds a run", twice.Output);

        // Cycle-GAN: G_A and G_B from safetensors, both directions as they were.
        var a2b = ExportCase("resnet-a2b", "cyclegan", "generator", "a2b", "safetensors");
        var b2a = ExportCase("resnet-b2a", "cyclegan", "generator", "b2a", "safetensors");
        var cycle = Path.Combine(runs.Folder, "imported-cyclegan");
        var importCycle = CliRunner.Run("import", "--from", a2b, "--from-b2a", b2a, "--kind", "cyclegan-g", "--size", "32", "--out", cycle);
        Assert.True(importCycle.ExitCode == 0, importCycle.Output);
        using var originalCycle = CheckpointLoader.Load<IGan>(runs.Run("cyclegan"), CPU);
        using var importedCycle = CheckpointLoader.Load<IGan>(cycle, CPU);
        Assert.Equal(((Gans.CycleGan)originalCycle.Gan).Config.Model with { DiscriminatorLayers = 3, PoolSize = 50, CycleWeight = 10, IdentityWeight = 0.5 },
            ((Gans.CycleGan)importedCycle.Gan).Config.Model with { DiscriminatorLayers = 3, PoolSize = 50, CycleWeight = 10, IdentityWeight = 0.5 });
        foreach (var (key, value) in originalCycle.Generator.state_dict())
            Assert.True(Same(value, importedCycle.Generator.state_dict()[key]), key);

        // A U-Net's image size is read from its depth (regression: "model.model." was counted as one level).
        var unet = ExportCase("unet-a2b", "cyclegan-unet", "generator", "a2b", "pytorch");
        var unetRun = Path.Combine(runs.Folder, "imported-unet");
        var importUnet = CliRunner.Run("import", "--from", unet, "--kind", "cyclegan-g", "--out", unetRun);
        Assert.True(importUnet.ExitCode == 0, importUnet.Output);
        using var importedUnet = CheckpointLoader.Load<IGan>(unetRun, CPU);
        Assert.Equal(32, ((Gans.CycleGan)importedUnet.Gan).Config.Model.ImageSize);
        Assert.Equal(CycleGeneratorKind.UNet, ((Gans.CycleGan)importedUnet.Gan).Config.Model.Generator);
    }

    [Fact]
    public void MissingExtraAndWrongShapedKeysAreAllListed()
    {
        using var model = CheckpointLoader.Load<IGan>(runs.Run("dcgan"), CPU);
        var (gan, target) = Fresh(model, "generator", "a2b");
        using (gan)
        {
            using var good = WeightsExporter.Read(ExportCase("dcgan-g", "dcgan", "generator", "a2b", "pytorch"));
            using var bad = new StateDict();
            foreach (var (key, value) in good.Entries)
            {
                if (key is "main.0.weight" or "main.4.bias") continue;                             // missing
                bad.Add(key, key == "main.3.weight" ? zeros(16, 8, 3, 3) : key == "main.6.weight" ? value.to(float64) : value);
            }
            bad.Add("main.99.weight", zeros(1));                                                   // extra
            bad.Add("main.7.running_mean", zeros(1));
            var error = Assert.Throws<UserException>(() => WeightsImporter.Load(target, bad, "bad.pth"));
            output.WriteLine(error.Message);
            Assert.Contains("missing keys (2): main.0.weight, main.4.bias", error.Message);
            Assert.Contains("extra keys (2): main.99.weight, main.7.running_mean", error.Message);
            Assert.Contains("wrong shapes or dtypes (2)", error.Message);
            Assert.Contains("main.3.weight: [16, 8, 3, 3] Float32 in the file, [16, 8, 4, 4] Float32 expected", error.Message);
            Assert.Contains("main.6.weight: [8, 1, 4, 4] Float64", error.Message);
        }
        // InstanceNorm statistics of old reference checkpoints (track_running_stats=True): listed with a hint, or dropped on request
        // (as the reference's load_networks does); never silently.
        using (var cycleModel = CheckpointLoader.Load<IGan>(runs.Run("cyclegan"), CPU))
        {
            var (cycleGan, resnet) = Fresh(cycleModel, "generator", "a2b");
            using (cycleGan)
            {
                using var file = WeightsExporter.Read(ExportCase("resnet-a2b", "cyclegan", "generator", "a2b", "safetensors"));
                using var old = new StateDict();
                foreach (var (key, value) in file.Entries) old.Add(key, value);
                old.Add("model.2.running_mean", zeros(4));
                old.Add("model.2.running_var", ones(4));
                old.Add("model.2.num_batches_tracked", tensor(5L));
                var stats = Assert.Throws<UserException>(() => WeightsImporter.Load(resnet, old, "old.pth"));
                Assert.Contains("extra keys (3): model.2.running_mean, model.2.running_var, model.2.num_batches_tracked", stats.Message);
                Assert.Contains("--drop-instance-norm-stats", stats.Message);
                Assert.Equal(file.Count, WeightsImporter.Load(resnet, old, "old.pth", dropInstanceNormStatistics: true));
                old.Add("model.1.running_mean", zeros(4));                                         // a conv's "statistics" are not dropped
                Assert.Throws<UserException>(() => WeightsImporter.Load(resnet, old, "old.pth", dropInstanceNormStatistics: true));
            }
        }
        // A Cycle-GAN generator is not a DC-GAN generator: the CLI says so instead of building something.
        var cycle = ExportCase("resnet-a2b", "cyclegan", "generator", "a2b", "pytorch");
        var wrongKind = CliRunner.Run("import", "--from", cycle, "--kind", "dcgan", "--out", Path.Combine(runs.Folder, "wrong-kind"));
        Assert.NotEqual(0, wrongKind.ExitCode);
        Assert.Contains("not a DC-GAN generator state_dict", wrongKind.Output);
        Assert.False(Directory.Exists(Path.Combine(runs.Folder, "wrong-kind", Checkpoint.Folder)));
    }

    /// <summary>The help of both verbs renders (a regression test: "[-1, 1]" in a description was read as console markup).</summary>
    [Theory]
    [InlineData("import")]
    [InlineData("export")]
    public void HelpRenders(string verb)
    {
        var help = CliRunner.Run(verb, "--help");
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.DoesNotContain("internal error", help.Output);
        Assert.Contains(verb == "import" ? "--drop-instance-norm-stats" : "--reference-io", help.Output);
    }

    /// <summary>Networks whose reference has no counterpart are refused by name, never exported under guessed names.</summary>
    [Fact]
    public void NetworksWithoutAReferenceAreRefused()
    {
        var cgan = CliRunner.Run("export", "--checkpoint", runs.Run("cgan"), "--format", "pytorch", "--out", Path.Combine(runs.Folder, "cgan.pth"));
        Assert.NotEqual(0, cgan.ExitCode);
        Assert.Contains("ConditionalGenerator has no reference implementation", cgan.Output);
        var critic = CliRunner.Run("export", "--checkpoint", runs.Run("wgan-gp"), "--format", "safetensors", "--network", "discriminator",
            "--out", Path.Combine(runs.Folder, "critic.safetensors"));
        Assert.NotEqual(0, critic.ExitCode);
        Assert.Contains("layer norm", critic.Output);
        Assert.False(File.Exists(Path.Combine(runs.Folder, "critic.safetensors")));
        var generator = CliRunner.Run("export", "--checkpoint", runs.Run("wgan-gp"), "--format", "safetensors", "--out", Path.Combine(runs.Folder, "wgan-g"));
        Assert.True(generator.ExitCode == 0, generator.Output);                                    // its generator is DC-GAN's
        Assert.True(File.Exists(Path.Combine(runs.Folder, "wgan-g.safetensors")));                 // default ending added
    }

    /// <summary>The safety rule: a global other than tensors and plain containers is refused by name, before anything could run.</summary>
    [Fact]
    public void AForeignGlobalIsRefusedAndNothingRuns()
    {
        using var dir = new TempDir();
        var marker = dir.File("executed");
        // pickle protocol 2: os.system("touch <marker>") as the value of a state_dict entry
        var command = Encoding.UTF8.GetBytes($"touch {marker}");
        var pickle = new List<byte> { 0x80, 2 };
        pickle.AddRange(Encoding.ASCII.GetBytes("ccollections\nOrderedDict\n)R(X"));
        pickle.AddRange(BitConverter.GetBytes(1)); pickle.Add((byte)'w');
        pickle.AddRange(Encoding.ASCII.GetBytes("cos\nsystem\nX"));
        pickle.AddRange(BitConverter.GetBytes(command.Length)); pickle.AddRange(command);
        pickle.AddRange([0x85, (byte)'R', (byte)'u', (byte)'.']);
        var path = dir.File("evil.pth");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open()) s.Write(pickle.ToArray());
            using (var s = zip.CreateEntry("archive/version").Open()) s.Write("3\n"u8);
        }
        var error = Assert.Throws<UserException>(() => PyTorchFile.Read(path));
        Assert.Contains("'os.system'", error.Message);
        Assert.Contains("weights_only=True", error.Message);
        Assert.False(File.Exists(marker));

        var cli = CliRunner.Run("import", "--from", path, "--kind", "dcgan", "--out", dir.File("run"));
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("os.system", cli.Output);
        Assert.DoesNotContain("internal error", cli.Output);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void MalformedSafetensorsAreRefused()
    {
        using var dir = new TempDir();
        var path = dir.File("bad.safetensors");
        var header = Encoding.UTF8.GetBytes("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,64]}}""");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. new byte[16]]);
        var error = Assert.Throws<UserException>(() => SafeTensorsFile.Read(path));
        Assert.Contains("data_offsets", error.Message);
    }

    /// <summary>
    /// Debian's torch 1.13 loads every exported file (.pth with torch.load(weights_only=True), .safetensors with a
    /// struct/json/numpy reader) into a twin built with the references' module names, load_state_dict(strict=True)
    /// succeeds, and the twin's eval-mode forward equals TidyGan's to 1e-5.
    /// </summary>
    [Theory]
    [MemberData(nameof(NetworksAndFormats))]
    [Trait(Traits.Category, Traits.PythonReference)]
    public void TorchLoadsTheFileIntoTheReferenceTwinAndAgrees(string name, string run, string network, string direction, string format)
    {
        var path = ExportCase(name, run, network, direction, format);
        using var model = CheckpointLoader.Load<IGan>(Run(run), CPU);
        var net = WeightsExporter.Select(model, Which(network), OnnxExporter.ParseDirection(direction));
        string[] args;
        int size;
        switch (model.Gan)
        {
            case DcGan g:
                var o = g.Config.Model;
                size = o.ImageSize;
                args = ["--net", network == "generator" ? "dcgan-g" : "dcgan-d", "--size", $"{o.ImageSize}", "--channels", $"{o.Channels}",
                        "--latent", $"{o.LatentDim}", "--width", $"{(network == "generator" ? o.GeneratorWidth : o.DiscriminatorWidth)}"];
                break;
            case Gans.CycleGan c:
                var m = c.Config.Model;
                size = m.ImageSize;
                args = network == "discriminator"
                    ? ["--net", "patch", "--channels", $"{m.Channels}", "--width", $"{m.DiscriminatorWidth}", "--layers", $"{m.DiscriminatorLayers}"]
                    : m.Generator == CycleGeneratorKind.UNet
                        ? ["--net", "unet", "--channels", $"{m.Channels}", "--width", $"{m.GeneratorWidth}", "--levels", $"{m.UNetLevels}"]
                        : ["--net", "resnet", "--channels", $"{m.Channels}", "--width", $"{m.GeneratorWidth}", "--blocks", $"{m.ResidualBlocks}"];
                break;
            default: throw new InvalidOperationException(run);
        }
        // Inputs and TidyGan's outputs: eval mode, and for batch-norm networks also batch statistics (as `sample` draws; eval
        // mode with a few steps' running statistics gives near-zero DC-GAN images, so that is the full-range comparison).
        var io = Path.Combine(runs.Folder, $"{name}-{format}-io.safetensors");
        var before = net.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        WeightsExporter.WriteReferenceIo(net, io, size);
        foreach (var (key, value) in net.state_dict()) Assert.True(Same(before[key], value), $"{key} changed by WriteReferenceIo");
        bool batchNorm = net.modules().OfType<TorchSharp.Modules.BatchNorm2d>().Any();
        using var ioFile = SafeTensorsFile.Read(io).Tensors;
        Assert.True(ioFile.TryGet("expected", out var expected));
        Assert.Equal(batchNorm, ioFile.TryGet("expected_train", out _));
        var script = Path.Combine(RepositoryRoot(), "bench", "reference_weights.py");
        var result = Python.Json($"import runpy; runpy.run_path({Quote(script)}, run_name='__main__')",
            [.. args, "--weights", path, "--io", io]);
        var difference = result.GetProperty("max_abs").GetDouble();
        output.WriteLine($"{name} ({format}, {result.GetProperty("loader").GetString()}, torch {result.GetProperty("torch").GetString()}): " +
            $"{result.GetProperty("keys").GetArrayLength()} keys, max abs difference {difference:G3}, max |output| {result.GetProperty("max_output").GetDouble():G3}");
        Assert.StartsWith("1.13", result.GetProperty("torch").GetString());
        Assert.Equal(expected.shape, result.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        Assert.True(difference <= 1e-5, $"{name} {format}: max abs difference {difference}");
        Assert.True(result.GetProperty("max_output").GetDouble() > 1e-3, "outputs are not all ~0");
        if (batchNorm)
        {
            var train = result.GetProperty("max_abs_train").GetDouble();
            output.WriteLine($"  training-mode batch norm: max abs difference {train:G3}, max |output| {result.GetProperty("max_output_train").GetDouble():G3}");
            Assert.True(train <= 1e-5, $"{name} {format} (batch statistics): max abs difference {train}");
            Assert.True(result.GetProperty("max_output_train").GetDouble() > 0.1);
        }
    }

    /// <summary>
    /// The other direction: weights made and saved by torch 1.13 itself (torch.save of a twin's state_dict: memo, _metadata,
    /// torch's zip layout) are imported through the CLI, and TidyGan's network computes what the PyTorch twin computed.
    /// </summary>
    [Theory]
    [InlineData("dcgan-g", "dcgan", new[] { "--size", "64", "--channels", "1", "--latent", "100", "--width", "8" })]
    [InlineData("resnet", "cyclegan-g", new[] { "--size", "32", "--channels", "1", "--width", "4", "--blocks", "9" })]
    [InlineData("unet", "cyclegan-g", new[] { "--size", "32", "--channels", "1", "--width", "4", "--levels", "5" })]
    [Trait(Traits.Category, Traits.PythonReference)]
    public void WeightsSavedByTorchImportAndComputeTheSame(string net, string kind, string[] args)
    {
        using var dir = new TempDir();
        var pth = dir.File($"{net}.pth");
        var io = dir.File($"{net}-io.safetensors");
        var script = Path.Combine(RepositoryRoot(), "bench", "reference_weights.py");
        var made = Python.Json($"import runpy; runpy.run_path({Quote(script)}, run_name='__main__')",
            [.. args, "--net", net, "--make", "--weights", pth, "--io", io]);
        string[] size = kind == "cyclegan-g" ? ["--size", "32"] : [];
        var import = CliRunner.Run(["import", "--from", pth, "--kind", kind, "--out", dir.File("run"), .. size]);
        Assert.True(import.ExitCode == 0, import.Output);
        using var model = CheckpointLoader.Load<IGan>(dir.File("run"), CPU);
        var network = (nn.Module<Tensor, Tensor>)OnnxExporter.Network(model);
        using var file = SafeTensorsFile.Read(io).Tensors;
        file.TryGet("input", out var input);
        file.TryGet("expected", out var expected);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        double eval = (network.call(input) - expected).abs().max().item<float>();
        output.WriteLine($"{net}: torch {made.GetProperty("torch").GetString()} saved {made.GetProperty("keys").GetInt32()} keys; " +
            $"TidyGan after import, eval mode: max abs difference {eval:G3} (max |output| {expected.abs().max().item<float>():G3})");
        Assert.True(eval <= 1e-5, $"{net}: {eval}");
        if (file.TryGet("expected_train", out var expectedTrain))
        {
            network.train();
            double train = (network.call(input) - expectedTrain).abs().max().item<float>();
            output.WriteLine($"  batch statistics: max abs difference {train:G3} (max |output| {expectedTrain.abs().max().item<float>():G3})");
            Assert.True(train <= 1e-5, $"{net} (batch statistics): {train}");
            Assert.True(expectedTrain.abs().max().item<float>() > 0.05);
        }
        else Assert.True(expected.abs().max().item<float>() > 0.05);
    }

    /// <summary>A .pth written by torch with a foreign global inside (os.system) is refused by name; the command never runs.</summary>
    [Fact]
    [Trait(Traits.Category, Traits.PythonReference)]
    public void APickleMadeByTorchWithOsSystemIsRefused()
    {
        using var dir = new TempDir();
        var marker = dir.File("executed");
        var path = dir.File("evil.pth");
        Python.Json("""
            import json, os, sys, torch
            class Payload:
                def __reduce__(self):
                    return (os.system, ("touch " + sys.argv[2],))
            torch.save({"main.0.weight": torch.zeros(2), "payload": Payload()}, sys.argv[1])
            print(json.dumps({"saved": os.path.exists(sys.argv[1])}))
            """, path, marker);
        var cli = CliRunner.Run("import", "--from", path, "--kind", "dcgan", "--out", dir.File("run"));
        output.WriteLine(cli.Output);
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("posix.system", cli.Output);                              // os.system pickles as posix.system on Linux
        Assert.False(File.Exists(marker));
        Assert.False(Directory.Exists(dir.File("run")));
    }

    /// <summary>Bit-identical: same dtype, shape and bytes.</summary>
    private static bool Same(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && StateDict.Bytes(a.cpu()).AsSpan().SequenceEqual(StateDict.Bytes(b.cpu()));

    private static string Quote(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TidyGan.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TidyGan.sln not found above " + AppContext.BaseDirectory);
    }
}
