using System.Security.Cryptography;
using System.Text.Json;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Synthetic;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Training;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Tests.Synthetic;

[Collection(GlobalRandomState.Name)]
public class SyntheticSetTests
{
    /// <summary>A tiny 3-class C-GAN (or DC-GAN) trained two steps; returns its run folder.</summary>
    private static string TrainTiny(string folder, string kind = "cgan")
    {
        using var images = TinyData.Images(count: 48, classes: kind == "cgan" ? 3 : 0);
        using var gan = TinyData.Gan(kind);
        using var trainer = new Trainer(gan, images, TinyData.Describe(images), TinyData.Options(2), folder);
        trainer.Run();
        return folder;
    }

    [Fact]
    public void TrainerWritesItsRealGridWhenAClassHasFewerImagesThanColumns()
    {
        // Regression: samples/real.png has one row of 8 per class; two classes of 2 images (an imbalanced set) left
        // 12 images = 2 rows for 3 row labels, and the run failed ("3 row labels for 2 rows"). Rare classes' images are
        // now repeated to fill their row.
        using var dir = new TempDirectory();
        using var images = TinyData.Images(count: 48, classes: 3);
        using var imbalanced = ImbalanceSampler.Apply(images, new ImbalanceSpec([1, 2], 0.1, Seed: 1));
        Assert.Equal(new[] { 16, 2, 2 }, ImbalanceSampler.Counts(imbalanced.Labels!, 3));
        using var gan = TinyData.Gan("cgan");
        using var trainer = new Trainer(gan, imbalanced, TinyData.Describe(imbalanced), TinyData.Options(1), dir.Path);
        trainer.Run();
        var png = PngIO.Read(Path.Combine(dir.Path, Trainer.SamplesFolder, "real.png"));
        var generated = PngIO.Read(Path.Combine(dir.Path, Trainer.SamplesFolder, "step-0000001.png"));
        Assert.Equal(generated.Height, png.Height);                       // same layout: 3 rows of 8
    }

    [Fact]
    public void ManifestRoundTripsAndItsHashesAreTheCheckpointFiles()
    {
        using var dir = new TempDirectory();
        using var model = CheckpointLoader.Load<IImageGenerator>(TrainTiny(Path.Combine(dir.Path, "run")), torch.CPU);
        var request = new SynthesisRequest(0, PerClass: 5, Seed: 7, Truncation: 1.5);
        using var set = SyntheticSet.Generate(model, request);
        var written = SyntheticSet.Write(model, set, request, "idx", Path.Combine(dir.Path, "out"));

        var read = SyntheticManifest.Read(Path.Combine(dir.Path, "out", SyntheticManifest.FileName));
        Assert.Equal(JsonSerializer.Serialize(written, Checkpoint.Json), JsonSerializer.Serialize(read, Checkpoint.Json));
        Assert.Equal(model.Folder, read.Checkpoint);
        Assert.Equal(2, read.Step);
        Assert.Equal(7, read.Seed);
        Assert.Equal(1.5, read.Truncation);
        Assert.Null(read.Rejection);
        Assert.Equal(new[] { 5, 5, 5 }, read.PerClassCounts.Select(c => c.Count));
        Assert.Equal(new[] { "class0", "class1", "class2" }, read.PerClassCounts.Select(c => c.Class));
        Assert.Equal(15, read.Total);
        // The recorded hash is the generator file's SHA-256, computed here independently; every checkpoint file is listed.
        var generator = Path.Combine(model.Folder, read.GeneratorFile);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(generator))), read.CheckpointSha256[read.GeneratorFile]);
        Assert.Equal(Directory.GetFiles(model.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal), read.CheckpointSha256.Keys);
    }

    [Fact]
    public void IdxSetLoadsBackWithItsLabelsAndPixelsToOneGreyLevel()
    {
        using var dir = new TempDirectory();
        using var model = CheckpointLoader.Load<IImageGenerator>(TrainTiny(Path.Combine(dir.Path, "run")), torch.CPU);
        var request = new SynthesisRequest(0, CountsPerClass: [4, 0, 2], Seed: 3);
        using var set = SyntheticSet.Generate(model, request);
        SyntheticSet.Write(model, set, request, "idx", Path.Combine(dir.Path, "out"));
        using var loaded = SyntheticSet.LoadIdx(Path.Combine(dir.Path, "out"));
        Assert.Equal(new long[] { 0, 0, 0, 0, 2, 2 }, loaded.Labels!.data<long>().ToArray());
        Assert.Equal(model.Data.ClassNames, loaded.ClassNames);
        double worst = loaded.Images.sub(set.Images).abs().max().item<float>();
        Assert.True(worst <= 1.0 / 255 + 1e-6, $"IDX round trip differs by {worst} (> half a grey level in [−1, 1])");
    }

    [Fact]
    public void SameSeedSameImagesAndTruncationKeepsTheLatentInside()
    {
        using var dir = new TempDirectory();
        using var model = CheckpointLoader.Load<IImageGenerator>(TrainTiny(Path.Combine(dir.Path, "run")), torch.CPU);
        using var a = SyntheticSet.Generate(model, new SynthesisRequest(10, ClassIndex: 1, Seed: 5));
        using var b = SyntheticSet.Generate(model, new SynthesisRequest(10, ClassIndex: 1, Seed: 5));
        using var c = SyntheticSet.Generate(model, new SynthesisRequest(10, ClassIndex: 1, Seed: 6));
        Assert.True(a.Images.eq(b.Images).all().item<bool>());
        Assert.False(a.Images.eq(c.Images).all().item<bool>());
        Assert.All(a.Labels!.data<long>().ToArray(), l => Assert.Equal(1, l));
        using var random = new torch.Generator(1);
        using var z = SyntheticSet.Latent(model.Gan, 500, random, torch.CPU, truncation: 0.5);
        Assert.True(z.abs().max().item<float>() <= 0.5f);
        Assert.True(z.std().item<float>() > 0.2f);                     // still spread out, not clamped to a constant
    }

    [Fact]
    public void PngFormatWritesClassFoldersThatLoadAsALabelledImageFolder()
    {
        using var dir = new TempDirectory();
        using var model = CheckpointLoader.Load<IImageGenerator>(TrainTiny(Path.Combine(dir.Path, "run")), torch.CPU);
        var request = new SynthesisRequest(7, Seed: 2);                      // cycles 0, 1, 2, 0, 1, 2, 0
        using var set = SyntheticSet.Generate(model, request);
        var output = Path.Combine(dir.Path, "png");
        var manifest = SyntheticSet.Write(model, set, request, "png", output);
        Assert.Equal(new[] { 3, 2, 2 }, manifest.PerClassCounts.Select(c => c.Count));
        using var loaded = ImageFolder.Load("folder:" + output, output, new DatasetOptions(Size: 28));
        Assert.Equal(new[] { 3, 2, 2 }, ImbalanceSampler.Counts(loaded.Labels!, 3));
        Assert.Equal(new[] { "00-class0", "01-class1", "02-class2" }, loaded.ClassNames);
    }

    [Fact]
    public void UnconditionalModelsDrawUnlabelledImagesAndRefuseAClass()
    {
        using var dir = new TempDirectory();
        using var model = CheckpointLoader.Load<IImageGenerator>(TrainTiny(Path.Combine(dir.Path, "run"), "dcgan"), torch.CPU);
        var request = new SynthesisRequest(6, Seed: 1);
        using var set = SyntheticSet.Generate(model, request);
        Assert.Null(set.Labels);
        var manifest = SyntheticSet.Write(model, set, request, "nifti", Path.Combine(dir.Path, "stack.nii.gz"));
        Assert.Equal(SyntheticManifest.Unlabelled, Assert.Single(manifest.PerClassCounts).Class);
        Assert.True(File.Exists(Path.Combine(dir.Path, "stack.manifest.json")));
        Assert.Equal(6, NiftiReader.Read(Path.Combine(dir.Path, "stack.nii.gz")).Shape[2]);
        var error = Assert.Throws<ArgumentException>(() => SyntheticSet.Generate(model, new SynthesisRequest(6, ClassIndex: 0)));
        Assert.Contains("unconditional", error.Message);
    }

    [Fact]
    public void CliNamesTheProblemWhenAClassIsAskedOfAnUnconditionalModel()
    {
        using var dir = new TempDirectory();
        var run = TrainTiny(Path.Combine(dir.Path, "run"), "dcgan");
        var result = CliRunner.Run("synthesize", "--checkpoint", run, "--n", "4", "--class", "1", "--out", Path.Combine(dir.Path, "out"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error:", result.Output);
        Assert.Contains("unconditional", result.Output);
        var ok = CliRunner.Run("synthesize", "--checkpoint", run, "--n", "4", "--format", "idx", "--out", Path.Combine(dir.Path, "out"));
        Assert.True(ok.ExitCode == 0, ok.Output);
        Assert.Equal(4, SyntheticManifest.Read(Path.Combine(dir.Path, "out", SyntheticManifest.FileName)).Total);
    }
}
