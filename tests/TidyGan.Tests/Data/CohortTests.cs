using System.Text.Json;
using TidyGan.Data;
using TidyGan.IO;
using TidyGan.Tests.Cli;

namespace TidyGan.Tests.Data;

/// <summary>Small cohorts built from Colin27 (ch2): 10 subjects, each a shifted, 3-mm subsampled crop; ct.nii.gz (ch2 mapped to HU) for 6.</summary>
public sealed class CohortTests : IDisposable
{
    private static readonly Lazy<Volume> Ch2 = new(() => NiftiReader.Read(RealData.Ch2));
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    internal static Volume Crop(int shift, bool ct)
    {
        var v = Ch2.Value;
        const int step = 3;
        int nx = (v.SizeX - 8) / step, ny = (v.SizeY - 8) / step, nz = (v.SizeZ - 8) / step;
        var voxels = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    float value = v[shift + x * step, shift / 2 + y * step, z * step];
                    voxels[x + nx * (y + ny * z)] = ct ? value * 8 - 1000 : value;
                }
        var a = (double[,])v.Affine.Clone();
        for (int r = 0; r < 3; r++)
        {
            a[r, 3] += a[r, 0] * shift + a[r, 1] * (shift / 2);
            for (int c = 0; c < 3; c++) a[r, c] *= step;
        }
        return new Volume(voxels, [nx, ny, nz], a, ct ? IntensityKind.Hounsfield : IntensityKind.Unknown, ct ? NiftiDataType.Int16 : NiftiDataType.UInt8);
    }

    /// <summary>PATH/s00..s09/t1.nii.gz; ct.nii.gz for s00..s05.</summary>
    private string MakeFolderCohort(int subjects = 10, int withCt = 6)
    {
        var root = dir.File("cohort");
        for (int i = 0; i < subjects; i++)
        {
            var s = Path.Combine(root, $"s{i:D2}");
            Directory.CreateDirectory(s);
            NiftiWriter.Write(Path.Combine(s, "t1.nii.gz"), Crop(i, ct: false));
            if (i < withCt) NiftiWriter.Write(Path.Combine(s, "ct.nii.gz"), Crop(i, ct: true));
        }
        File.WriteAllText(Path.Combine(root, "s00", "notes.txt"), "ignored");
        return root;
    }

    private string MakeManifest(string root, Func<int, string> split, Func<int, string> label)
    {
        var lines = new List<string> { "subject,modality,path,split,label" };
        for (int i = 0; i < 10; i++) lines.Add($"s{i:D2},T1,cohort/s{i:D2}/t1.nii.gz,{split(i)},{label(i)}");
        var path = dir.File("manifest.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void DiscoversSubjectsAndModalitiesFromFileNames()
    {
        var cohort = Cohort.Open(MakeFolderCohort());
        Assert.Equal(10, cohort.Subjects.Count);
        Assert.Equal(["ct", "t1"], cohort.Modalities);
        Assert.Equal(16, cohort.Items.Count);
        Assert.Null(cohort.Item("s07", "ct"));
        Assert.EndsWith("t1.nii.gz", cohort.Item("s07", "t1")!.Path);
    }

    [Fact]
    public void SeveralModalitiesNeedASelectorAndTheErrorListsThem()
    {
        var root = MakeFolderCohort(subjects: 2, withCt: 1);
        var e = Assert.Throws<UserException>(() => Datasets.Load($"cohort:{root}", new DatasetOptions(Size: 32)));
        Assert.Contains("ct, t1", e.Message);
        var unknown = Assert.Throws<UserException>(() => Datasets.Load($"cohort:{root}:flair", new DatasetOptions(Size: 32)));
        Assert.Contains("flair", unknown.Message);
        Assert.Contains("ct, t1", unknown.Message);
    }

    [Theory]
    [InlineData("cohort:/data/c", "/data/c", null, null)]
    [InlineData("cohort:/data/c:t1", "/data/c", "t1", null)]
    [InlineData("cohort:/data/c:ct@test", "/data/c", "ct", "test")]
    [InlineData("cohort:rel/m.csv@val", "rel/m.csv", null, "val")]
    public void ParsesCohortNames(string name, string path, string? modality, string? split) =>
        Assert.Equal((path, modality, split), CohortSlices.ParseName(name));

    [Fact]
    public void SplitsAreDeterministicDisjointFollowTheFractionsAndDependOnTheSeed()
    {
        var ids = Enumerable.Range(0, 200).Select(i => $"subject-{i}").ToList();
        var a = CohortSplit.Assign(ids, 0.8, 0.1, 0.1, seed: 0);
        var again = CohortSplit.Assign(ids.AsEnumerable().Reverse().ToList(), 0.8, 0.1, 0.1, seed: 0);
        var other = CohortSplit.Assign(ids, 0.8, 0.1, 0.1, seed: 1);
        Assert.Equal((160, 20, 20), (a.Train.Count, a.Val.Count, a.Test.Count));
        Assert.Equal(a.Train, again.Train);
        Assert.Equal(a.Test, again.Test);
        Assert.NotEqual(a.Test, other.Test);
        foreach (var s in new[] { a, other })
        {
            var all = s.Train.Concat(s.Val).Concat(s.Test).ToList();
            Assert.Equal(ids.Count, all.Count);
            Assert.Equal(ids.Count, all.Distinct().Count());     // no subject in two splits
        }
        var cohort = Cohort.Open(MakeFolderCohort(subjects: 10, withCt: 0));
        var split = cohort.Split();
        Assert.Equal((8, 1, 1), (split.Train.Count, split.Val.Count, split.Test.Count));
        Assert.Empty(split.Train.Intersect(split.Test));
        Assert.Empty(split.Train.Intersect(split.Val));
    }

    [Fact]
    public void TheManifestSplitColumnWins()
    {
        var root = MakeFolderCohort(subjects: 10, withCt: 0);
        var manifest = MakeManifest(root, i => i < 3 ? "test" : i < 5 ? "val" : "train", _ => "");
        var cohort = Cohort.Open(manifest);
        Assert.Equal(["t1"], cohort.Modalities);
        var split = cohort.Split(seed: 123);
        Assert.Equal(["s00", "s01", "s02"], split.Test);
        Assert.Equal(["s03", "s04"], split.Val);
        Assert.Equal(5, split.Train.Count);
    }

    [Fact]
    public void LoadGivesSlicesOnlyFromTrainingSubjects()
    {
        var root = MakeFolderCohort();
        var options = new DatasetOptions(Size: 32);
        var cohort = Cohort.Open(root);
        var split = cohort.Split();
        int Slices(IEnumerable<string> subjects) => subjects.Where(s => cohort.Item(s, "t1") is not null).Sum(s =>
        {
            using var one = Datasets.FromVolume(s, NiftiReader.Read(cohort.Item(s, "t1")!.Path), options);
            return one.Count;
        });
        using var train = Datasets.Load($"cohort:{root}:t1", options);
        Assert.Equal(Slices(split.Train), train.Count);
        Assert.Equal("train", train.Subjects!.Loaded);
        Assert.Equal(split.Train, train.Subjects.Train);
        Assert.InRange(train.Images.min().item<float>(), -1f, 1f);
        using var test = Datasets.Load($"cohort:{root}:t1@test", options);
        Assert.Equal(Slices(split.Test), test.Count);
        using var ct = Datasets.Load($"cohort:{root}:CT", options);
        Assert.Equal("HU", ct.Intensity.Unit);
        Assert.Equal(Slices(split.Train.Where(s => cohort.Item(s, "ct") is not null)) > 0, ct.Count > 0);
    }

    [Fact]
    public void DataInfoListsAMissingModalityAsAProblem()
    {
        var info = CohortDescription.Of("cohort:" + MakeFolderCohort(subjects: 4, withCt: 3));
        Assert.Equal(4, info.Subjects.Count);
        Assert.Contains(info.Problems, p => p.Contains("s03") && p.Contains("no ct"));
        Assert.All(info.Subjects, s => Assert.Contains(s.Split, Cohort.SplitNames));
        Assert.Equal("RAS", info.Subjects[0].Items[0].Orientation);
        var json = JsonDocument.Parse(info.ToJson()).RootElement;
        Assert.Equal(4, json.GetProperty("subjects").GetArrayLength());
    }

    [Fact]
    public void ManifestLabelsGiveClassLabels()
    {
        var root = MakeFolderCohort(subjects: 10, withCt: 0);
        var manifest = MakeManifest(root, i => i < 6 ? "train" : "test", i => i % 2 == 0 ? "healthy" : "lesion");
        using var set = Datasets.Load($"cohort:{manifest}", new DatasetOptions(Size: 32));
        Assert.Equal(["healthy", "lesion"], set.ClassNames);
        Assert.NotNull(set.Labels);
        Assert.Equal(set.Count, (int)set.Labels!.shape[0]);
        Assert.Equal(2, set.Labels.unique().output.shape[0]);
    }

    [Fact]
    public void CliTrainsDcganOnACohortAndDescribesIt()
    {
        var root = MakeFolderCohort(subjects: 5, withCt: 0);
        var run = dir.File("run");
        var result = CliRunner.Run("train", "dcgan", "--data", $"cohort:{root}:t1", "--size", "32", "--steps", "3", "--batch", "4", "--out", run);
        Assert.True(result.ExitCode == 0, result.Output);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement;
        Assert.Equal("train", config.GetProperty("data").GetProperty("subjects").GetProperty("loaded").GetString());
        var info = CliRunner.Run("data", "info", $"cohort:{root}", "--json");
        Assert.True(info.ExitCode == 0, info.Output);
        Assert.Equal(5, JsonDocument.Parse(info.Output).RootElement.GetProperty("subjects").GetArrayLength());
    }

    /// <summary>`evaluate` (and `features`, `turing create`, which read sources the same way) takes a cohort's split:
    /// training subjects against test subjects, each side holding exactly its split's slices.</summary>
    [Fact]
    public void EvaluateComparesACohortsTrainingAndTestSubjects()
    {
        var root = MakeFolderCohort();
        var cohort = Cohort.Open(root);
        var split = cohort.Split();
        var options = new DatasetOptions(Size: 32);
        int Slices(IEnumerable<string> subjects) => subjects.Sum(s =>
        {
            using var one = Datasets.FromVolume(s, NiftiReader.Read(cohort.Item(s, "t1")!.Path), options);
            return one.Count;
        });
        var (train, test) = (TidyGan.Metrics.ImageSource.Load($"cohort:{root}:t1", null, 32, 0), TidyGan.Metrics.ImageSource.Load($"cohort:{root}:t1@test", null, 32, 0));
        Assert.Equal(Slices(split.Train), train.Images.shape[0]);
        Assert.Equal(Slices(split.Test), test.Images.shape[0]);
        var run = CliRunner.Run("evaluate", "--real", $"cohort:{root}:t1", "--fake", $"cohort:{root}:t1@test", "--features", "pixels", "--metrics", "fd,kid");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("FD", run.Output);
        // --split/--split-seed name another split's subjects, as the training verbs do.
        var rule = new CohortSplitRule(0.5, 0.2, 0.3, 7);
        var (ruled, _) = TidyGan.Metrics.ImageSource.Load($"cohort:{root}:t1@test", null, 32, 0, rule);
        Assert.Equal(Slices(cohort.Split(rule).Test), ruled.shape[0]);
        Assert.NotEqual(test.Images.shape[0], ruled.shape[0]);
        var ruledRun = CliRunner.Run("evaluate", "--real", $"cohort:{root}:t1", "--fake", $"cohort:{root}:t1@test", "--features", "pixels", "--metrics", "fd",
            "--split", "0.5,0.2,0.3", "--split-seed", "7");
        Assert.True(ruledRun.ExitCode == 0, ruledRun.Output);
    }

    /// <summary>
    /// Every verb that trains on slices (train dcgan, train cgan, train cyclegan; segment train and adapt in
    /// CohortSegmentationTests) takes --split/--split-seed, trains on exactly the train subjects' slices, records the split
    /// and its rule, keeps them on resume, and never lets a subject into two splits.
    /// </summary>
    [Theory]
    [InlineData("dcgan")]
    [InlineData("cgan")]
    [InlineData("cyclegan")]
    public void EveryTrainingVerbTrainsOnItsTrainSubjectsWithTheGivenSplit(string verb)
    {
        var root = MakeFolderCohort(subjects: 10, withCt: 10);
        string data = verb == "cgan" ? $"cohort:{MakeManifest(root, _ => "", i => i % 2 == 0 ? "healthy" : "lesion")}" : $"cohort:{root}:t1";
        var rule = new CohortSplitRule(0.5, 0.2, 0.3, 7);
        var cohort = Cohort.Open(CohortSlices.ParseName(data).Path);
        var expected = cohort.Split(rule);
        Assert.NotEqual(cohort.Split().Train, expected.Train);                 // the flags change the split
        var run = dir.File("run");
        string[] budget = ["--size", "32", "--steps", "2", "--batch", "4", "--split", "0.5,0.2,0.3", "--split-seed", "7", "--out", run];
        var result = verb == "cyclegan"
            ? CliRunner.Run(["train", "cyclegan", "--a", data, "--b", $"cohort:{root}:ct", "--width", "8", .. budget])
            : CliRunner.Run(["train", verb, "--data", data, .. budget]);
        Assert.True(result.ExitCode == 0, result.Output);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement;
        var recorded = verb == "cyclegan" ? config.GetProperty("model").GetProperty("domainA") : config.GetProperty("data");
        // Cycle-GAN slices both domains over its fixed field of view down to its depth; the others by the head box.
        var options = verb == "cyclegan"
            ? new DatasetOptions(Size: 32, FieldOfViewMm: config.GetProperty("model").GetProperty("fieldOfViewMm").GetDouble(),
                MaxDepthMm: config.GetProperty("model").GetProperty("maxDepthMm").GetDouble())
            : new DatasetOptions(Size: 32);
        int Slices(IEnumerable<string> subjects) => subjects.Sum(s =>
        {
            using var one = Datasets.FromVolume(s, NiftiReader.Read(cohort.Item(s, "t1")!.Path), options);
            return one.Count;
        });
        var subjects = recorded.GetProperty("subjects");
        string[] Names(string split) => subjects.GetProperty(split).EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(expected.Train, Names("train"));
        Assert.Equal(expected.Val, Names("val"));
        Assert.Equal(expected.Test, Names("test"));
        Assert.Equal(7, subjects.GetProperty("rule").GetProperty("seed").GetInt32());
        Assert.Equal(cohort.Subjects.Count, Names("train").Concat(Names("val")).Concat(Names("test")).Distinct().Count());
        Assert.Equal(cohort.Subjects.Count, Names("train").Length + Names("val").Length + Names("test").Length);   // disjoint
        Assert.Equal(Slices(expected.Train), recorded.GetProperty("count").GetInt32());                         // exactly the train subjects' slices

        // Resume keeps the recorded split (and refuses new split flags).
        var refused = CliRunner.Run(verb == "cyclegan" ? "train" : "train", verb, "--resume", run, "--steps", "3", "--split", "0.8,0.1,0.1");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--split", refused.Output);
        var resumed = CliRunner.Run("train", verb, "--resume", run, "--steps", "3");
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        var after = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement;
        var again = verb == "cyclegan" ? after.GetProperty("model").GetProperty("domainA") : after.GetProperty("data");
        Assert.Equal(expected.Train, again.GetProperty("subjects").GetProperty("train").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public void SplitFlagsOnBuiltInDataAreAnError()
    {
        var result = CliRunner.Run("train", "dcgan", "--data", "fashion-mnist", "--steps", "1", "--split", "0.5,0.25,0.25", "--out", dir.File("run"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cohort", result.Output);
    }

    /// <summary>--fov gives every subject one pixel spacing (fov / size, the field of view rounded up to whole source
    /// pixels), recorded in the run and kept on resume.</summary>
    [Fact]
    public void FovResamplesEverySubjectToOneSpacingAndIsRecorded()
    {
        var root = MakeFolderCohort(subjects: 5, withCt: 0);
        var run = dir.File("run");
        var result = CliRunner.Run("train", "dcgan", "--data", $"cohort:{root}:t1", "--size", "32", "--fov", "200", "--steps", "2", "--batch", "4", "--out", run);
        Assert.True(result.ExitCode == 0, result.Output);
        var data = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement.GetProperty("data");
        Assert.Equal(200, data.GetProperty("preprocessing").GetProperty("fieldOfViewMm").GetDouble());
        using var set = Datasets.Load($"cohort:{root}:t1", new DatasetOptions(Size: 32, FieldOfViewMm: 200));
        // The field of view is rounded up to whole source pixels (3 mm here) before resampling to --size.
        Assert.InRange(set.Geometry!.RowSpacing, 200.0 / 32, 203.0 / 32);
        Assert.Equal(set.Count, data.GetProperty("count").GetInt32());
        var resumed = CliRunner.Run("train", "dcgan", "--resume", run, "--steps", "3");
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        var after = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement.GetProperty("data");
        Assert.Equal(200, after.GetProperty("preprocessing").GetProperty("fieldOfViewMm").GetDouble());
    }
}
