using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TidyGan.Data;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.Training;

/// <summary>One tiny DC-GAN run trained through the CLI, shared by the model-card tests (a few seconds).</summary>
public sealed class ModelCardRun : IDisposable
{
    private readonly TempDirectory dir = new();

    public ModelCardRun()
    {
        Run = Path.Combine(dir.Path, "run");
        var result = CliRunner.Run("train", "dcgan", "--data", "fashion-mnist", "--size", "28", "--width", "8", "--steps", "3", "--batch", "16",
            "--limit", "256", "--out", Run);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    public string Run { get; }

    public string Folder => dir.Path;

    /// <summary>A copy of the run (so a test may change it), under <paramref name="name"/>.</summary>
    public string Copy(string name)
    {
        var target = Path.Combine(dir.Path, name);
        foreach (var file in Directory.EnumerateFiles(Run, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Run, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public void Dispose() => dir.Dispose();
}

/// <summary>
/// Model cards (docs/model-cards.md): written by training, updated by `evaluate`, created for an old run, written beside an
/// export, and for a cohort run holding its subjects, splits and the SHA-256 of each input file.
/// </summary>
public class ModelCardTests(ModelCardRun fixture) : IClassFixture<ModelCardRun>
{
    private static JsonNode Card(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    private static string LatestCheckpoint(string run) => Path.Combine(run, "checkpoints", File.ReadAllText(Path.Combine(run, "checkpoints", "latest")).Trim());

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>The card's documented recipe, run by the shell's own sha256sum.</summary>
    private static string ShellCheckpointDigest(string checkpoint)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, WorkingDirectory = checkpoint };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("LC_ALL=C sha256sum $(LC_ALL=C ls *.bin) | sha256sum");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split(' ')[0];
    }

    [Fact]
    public void TrainingWritesBothFilesWithKindStepsDataAndTheCheckpointDigest()
    {
        var json = Path.Combine(fixture.Run, "model-card.json");
        var markdown = Path.Combine(fixture.Run, "model-card.md");
        Assert.True(File.Exists(json) && File.Exists(markdown));
        var card = Card(json);
        Assert.Equal("dcgan", card["model"]!["kind"]!.GetValue<string>());
        Assert.Equal(3, card["training"]!["steps"]!.GetValue<long>());
        Assert.Equal(16, card["training"]!["batchSize"]!.GetValue<int>());
        Assert.Equal("fashion-mnist", card["data"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(256, card["data"]![0]!["limit"]!.GetValue<int>());
        Assert.Single(card["training"]!["sessions"]!.AsArray());
        Assert.True(card["training"]!["wallSeconds"]!.GetValue<double>() > 0);

        // The checkpoint's digest, recomputed independently: the shell recipe the card states, and from the file bytes.
        var checkpoint = LatestCheckpoint(fixture.Run);
        var files = Directory.GetFiles(checkpoint, "*.bin").Order(StringComparer.Ordinal).ToList();
        string listing = string.Concat(files.Select(f => $"{Sha256(f)}  {Path.GetFileName(f)}\n"));
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing)));
        Assert.Equal(expected, card["checkpoint"]!["sha256"]!.GetValue<string>());
        Assert.Equal(expected, ShellCheckpointDigest(checkpoint));
        Assert.Equal(Sha256(Path.Combine(checkpoint, "generator.bin")), card["checkpoint"]!["files"]!["generator.bin"]!.GetValue<string>());
        Assert.Contains(expected, File.ReadAllText(markdown));

        // Differences from the paper: the tiny budget and widths; the data's package files hashed.
        var differences = card["paper"]!["differences"]!.AsArray().Select(d => d!["key"]!.GetValue<string>()).ToList();
        Assert.Contains("trainer.steps", differences);
        Assert.Contains("model.model.generatorWidth", differences);
        var trainImages = card["data"]![0]!["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>().EndsWith("train-images-idx3-ubyte.gz", StringComparison.Ordinal))!;
        Assert.Equal(Sha256(trainImages["path"]!.GetValue<string>()), trainImages["sha256"]!.GetValue<string>());

        Assert.StartsWith("Not for clinical use", card["use"]!["clinicalUse"]!.GetValue<string>());
        Assert.Contains("Not for clinical use", File.ReadAllText(markdown));
        var medigan = card["medigan"]!;
        Assert.Equal([28, 28], medigan["execution"]!["image_size"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal("DC-GAN", medigan["selection"]!["type"]!.GetValue<string>());
        Assert.Equal("10.48550/arXiv.1511.06434", medigan["description"]!["doi"]![0]!.GetValue<string>());
    }

    [Fact]
    public void EvaluateAddsFdAndKidWithNAndExtractorAndKeepsTheRest()
    {
        var run = fixture.Copy("evaluated");
        var before = Card(Path.Combine(run, "model-card.json"));
        for (int i = 0; i < 2; i++)   // twice: the section is replaced, not repeated
        {
            var result = CliRunner.Run("evaluate", "--real", "fashion-mnist:test", "--fake", run, "--n", "64", "--metrics", "fd,kid",
                "--features", "pixels", "--ci-reps", "0");
            Assert.True(result.ExitCode == 0, result.Output);
        }
        var card = Card(Path.Combine(run, "model-card.json"));
        var section = card["metrics"]!["evaluate"]!;
        var values = section["values"]!.AsArray();
        Assert.Equal(["fd", "kid"], values.Select(v => v!["name"]!.GetValue<string>()));
        foreach (var v in values)
        {
            Assert.Equal(64, v!["n"]!.GetValue<int>());
            Assert.Equal(64, v["nReal"]!.GetValue<int>());
            Assert.StartsWith("pixels", v["extractor"]!.GetValue<string>());
        }
        Assert.Equal(3, section["step"]!.GetValue<long>());
        Assert.Equal(before["checkpoint"]!.ToJsonString(), card["checkpoint"]!.ToJsonString());
        Assert.Equal(before["training"]!.ToJsonString(), card["training"]!.ToJsonString());
        Assert.Equal(values[0]!["value"]!.GetValue<double>(), card["medigan"]!["selection"]!["performance"]!["FID"]!.GetValue<double>());
        Assert.Contains("### evaluate", File.ReadAllText(Path.Combine(run, "model-card.md")));
    }

    [Fact]
    public void AnOldRunWithoutACardGetsOneFromItsCheckpoint()
    {
        var run = fixture.Copy("old");
        File.Delete(Path.Combine(run, "model-card.json"));
        File.Delete(Path.Combine(run, "model-card.md"));
        var result = CliRunner.Run("evaluate", "--real", "fashion-mnist:test", "--fake", run, "--n", "32", "--metrics", "fd", "--features", "pixels", "--ci-reps", "0");
        Assert.True(result.ExitCode == 0, result.Output);
        var card = Card(Path.Combine(run, "model-card.json"));
        Assert.Equal("dcgan", card["model"]!["kind"]!.GetValue<string>());
        Assert.Null(card["training"]!["wallSeconds"]);                      // not recorded: made after training
        Assert.Equal(32, card["metrics"]!["evaluate"]!["values"]![0]!["n"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(run, "model-card.md")));
    }

    [Fact]
    public void ResumingAddsASessionAndKeepsMeasuredMetrics()
    {
        var run = fixture.Copy("resumed");
        Assert.Equal(0, CliRunner.Run("evaluate", "--real", "fashion-mnist:test", "--fake", run, "--n", "32", "--metrics", "fd", "--features", "pixels", "--ci-reps", "0").ExitCode);
        var result = CliRunner.Run("train", "dcgan", "--resume", run, "--steps", "5");
        Assert.True(result.ExitCode == 0, result.Output);
        var card = Card(Path.Combine(run, "model-card.json"));
        var sessions = card["training"]!["sessions"]!.AsArray();
        Assert.Equal([(0L, 3L), (3L, 5L)], sessions.Select(s => (s!["fromStep"]!.GetValue<long>(), s["toStep"]!.GetValue<long>())));
        Assert.Equal(5, card["checkpoint"]!["step"]!.GetValue<long>());
        Assert.Equal(3, card["metrics"]!["evaluate"]!["step"]!.GetValue<long>());   // measured on the earlier checkpoint, and says so
        Assert.Contains("the card's checkpoint is at step 5", File.ReadAllText(Path.Combine(run, "model-card.md")));
    }

    [Fact]
    public void ExportWritesACardNamingTheFormatAndTheCheckpoint()
    {
        var onnx = Path.Combine(fixture.Folder, "exported", "generator.onnx");
        var result = CliRunner.Run("export", "--checkpoint", fixture.Run, "--out", onnx);
        Assert.True(result.ExitCode == 0, result.Output);
        var card = Card(onnx + ".model-card.json");
        var export = card["export"]!;
        Assert.Equal("onnx", export["format"]!.GetValue<string>());
        Assert.Equal("generator.onnx", export["file"]!.GetValue<string>());
        Assert.Equal(Sha256(onnx), export["sha256"]!.GetValue<string>());
        Assert.Equal(LatestCheckpoint(fixture.Run), export["fromCheckpoint"]!.GetValue<string>());
        Assert.Equal(card["checkpoint"]!["sha256"]!.GetValue<string>(), export["fromCheckpointSha256"]!.GetValue<string>());
        Assert.Equal(".onnx", card["medigan"]!["execution"]!["extension"]!.GetValue<string>());
        var markdown = File.ReadAllText(onnx + ".model-card.md");
        Assert.Contains("## Export", markdown);
        Assert.Contains("Not for clinical use", markdown);
    }

    [Fact]
    public void ACohortRunRecordsSubjectsSplitsAndInputHashes()
    {
        using var dir = new TempDirectory();
        var root = Path.Combine(dir.Path, "cohort");
        for (int i = 0; i < 5; i++)
        {
            Directory.CreateDirectory(Path.Combine(root, $"s{i:D2}"));
            NiftiWriter.Write(Path.Combine(root, $"s{i:D2}", "t1.nii.gz"), CohortTests.Crop(i, ct: false));
        }
        var run = Path.Combine(dir.Path, "run");
        var result = CliRunner.Run("train", "dcgan", "--data", $"cohort:{root}:t1", "--size", "32", "--width", "8", "--steps", "2", "--batch", "8", "--out", run);
        Assert.True(result.ExitCode == 0, result.Output);

        var data = Card(Path.Combine(run, "model-card.json"))["data"]![0]!;
        var split = Cohort.Open(root).Split();
        Assert.Equal(split.Train, data["subjects"]!["train"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(split.Val, data["subjects"]!["val"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(split.Test, data["subjects"]!["test"]!.AsArray().Select(s => s!.GetValue<string>()));
        var files = data["files"]!.AsArray();
        Assert.Equal(5, files.Count);
        foreach (var f in files)
        {
            var subject = f!["subject"]!.GetValue<string>();
            Assert.Equal($"{subject}/t1.nii.gz", f["path"]!.GetValue<string>());
            Assert.Equal(Sha256(Path.Combine(root, subject, "t1.nii.gz")), f["sha256"]!.GetValue<string>());
            Assert.Equal(split.Of(subject), f["split"]!.GetValue<string>());
        }
        Assert.Equal(32, data["preprocessing"]!["imageSize"]!.GetValue<int>());
        Assert.NotNull(data["preprocessing"]!["pixelSpacingMm"]);
    }

    [Fact]
    public void ASegmentationCohortRunHashesImagesAndLabelsAndRecordsItsTestScores()
    {
        using var dir = new TempDirectory();
        var root = Path.Combine(dir.Path, "cohort");
        for (int i = 0; i < 6; i++)   // 6 subjects: one lands in the test split
        {
            var subject = Path.Combine(root, $"s{i:D2}");
            Directory.CreateDirectory(subject);
            var t1 = CohortTests.Crop(i, ct: false);
            float median = t1.Voxels.Order().ElementAt(t1.Voxels.Length / 2);
            NiftiWriter.Write(Path.Combine(subject, "t1.nii.gz"), t1);
            NiftiWriter.Write(Path.Combine(subject, "seg.nii.gz"), t1.WithVoxels(t1.Voxels.Select(v => v > median ? 1f : 0f).ToArray()), NiftiDataType.UInt8);
        }
        var run = Path.Combine(dir.Path, "run");
        var result = CliRunner.Run("segment", "train", "--data", $"cohort:{root}:t1", "--labels", "seg", "--size", "32", "--width", "4", "--depth", "2",
            "--steps", "2", "--batch", "4", "--out", run);
        Assert.True(result.ExitCode == 0, result.Output);

        var card = Card(Path.Combine(run, "model-card.json"));
        var data = card["data"]![0]!;
        Assert.Equal("labelled", data["role"]!.GetValue<string>());
        var files = data["files"]!.AsArray();
        Assert.Equal(12, files.Count);                                     // t1 and seg of every subject
        foreach (var f in files)
            Assert.Equal(Sha256(Path.Combine(root, f!["path"]!.GetValue<string>())), f["sha256"]!.GetValue<string>());
        Assert.Equal(Cohort.Open(root).Split().Test, data["subjects"]!["test"]!.AsArray().Select(s => s!.GetValue<string>()));
        var scores = card["metrics"]!["segment-test"]!["values"]!.AsArray();
        Assert.True(scores.Any(v => v!["name"]!.GetValue<string>().StartsWith("dice ", StringComparison.Ordinal) && v["n"]!.GetValue<int>() > 0), result.Output);
        Assert.Equal("the Cpu preset", card["paper"]!["defaultsFrom"]!.GetValue<string>());
    }

    /// <summary>cyclegan-eval (about a minute: ResNet18 features of every slice) adds its section with n and extractor.</summary>
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void CycleGanEvalAddsItsMetricsWithNAndExtractor()
    {
        using var dir = new TempDirectory();
        var run = Path.Combine(dir.Path, "run");
        var trained = CliRunner.Run("train", "cyclegan", "--a", "mr-head", "--b", "ct-head", "--size", "32", "--width", "4", "--steps", "2", "--batch", "2", "--out", run);
        Assert.True(trained.ExitCode == 0, trained.Output);
        var evaluated = CliRunner.Run("cyclegan-eval", "--checkpoint", run, "--out", Path.Combine(dir.Path, "eval"));
        Assert.True(evaluated.ExitCode == 0, evaluated.Output);

        var card = Card(Path.Combine(run, "model-card.json"));
        Assert.Equal(["domain A", "domain B"], card["data"]!.AsArray().Select(d => d!["role"]!.GetValue<string>()));
        var values = card["metrics"]!["cyclegan-eval"]!["values"]!.AsArray();
        var fd = values.Single(v => v!["name"]!.GetValue<string>() == "fd")!;
        Assert.True(fd["n"]!.GetValue<int>() > 0);
        Assert.StartsWith("resnet18-imagenet", fd["extractor"]!.GetValue<string>());
        Assert.Equal("HU", values.Single(v => v!["name"]!.GetValue<string>() == "cycle_mae_head_hu")!["unit"]!.GetValue<string>());
    }
}
