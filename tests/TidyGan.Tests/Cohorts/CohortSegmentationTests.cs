using System.Text.Json;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Nn.Segmentation;
using TidyGan.Segmentation;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Data;
using TidyGan.Training;

namespace TidyGan.Tests.Cohorts;

/// <summary>
/// `segment train` and `adapt` on a cohort: subjects made from the real Colin27 T1 (3 mm crops, <see cref="CohortTests.Crop"/>),
/// each with a label map derived from that volume by thresholds (0 background, 1 head, 2 head above its median, 3 above its
/// 85th percentile: four classes, so the class count is the labels', not the head domains' three) and a second contrast
/// <c>t2</c> (the T1 inverted inside the head) as an adaptation target.
/// </summary>
[Collection(GlobalRandomState.Name)]
public sealed class CohortSegmentationTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>PATH/s00…/{t1,t2,seg}.nii.gz.</summary>
    private string MakeCohort(int subjects)
    {
        var root = dir.File("cohort");
        for (int i = 0; i < subjects; i++)
        {
            var s = Path.Combine(root, $"s{i:D2}");
            Directory.CreateDirectory(s);
            var t1 = CohortTests.Crop(i, ct: false);
            var window = PercentileScaling.Fit(t1.Voxels);
            var head = HeadMask.Compute(t1, (float)(window.Lower + 0.1 * (window.Upper - window.Lower)));
            var inside = t1.Voxels.Where((_, k) => head[k]).Order().ToArray();
            float median = inside[inside.Length / 2], high = inside[(int)(inside.Length * 0.85)];
            var labels = t1.Voxels.Select((v, k) => !head[k] ? 0f : v > high ? 3f : v > median ? 2f : 1f).ToArray();
            float max = inside[^1];
            var t2 = t1.Voxels.Select((v, k) => head[k] ? max + 10 - v : 0f).ToArray();
            NiftiWriter.Write(Path.Combine(s, "t1.nii.gz"), t1);
            NiftiWriter.Write(Path.Combine(s, "t2.nii.gz"), t1.WithVoxels(t2), NiftiDataType.Int16);
            NiftiWriter.Write(Path.Combine(s, "seg.nii.gz"), t1.WithVoxels(labels), NiftiDataType.UInt8);
        }
        return root;
    }

    private static string[] Budget(string run) => ["--size", "32", "--width", "8", "--depth", "2", "--steps", "3", "--batch", "4", "--out", run];

    [Fact]
    public void SegmentTrainOnACohortRecordsItResumesAndPredicts()
    {
        var root = MakeCohort(6);
        var run = dir.File("run");
        var result = CliRunner.Run(["segment", "train", "--data", $"cohort:{root}:t1", "--labels", "seg", .. Budget(run)]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("label 3", result.Output);                                // scored per class on the test subject
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement;
        Assert.Equal(4, config.GetProperty("model").GetProperty("model").GetProperty("classes").GetInt32());
        var cohort = config.GetProperty("model").GetProperty("labelledCohort");
        Assert.Equal("t1", cohort.GetProperty("modality").GetString());
        Assert.Equal("seg", cohort.GetProperty("labels").GetString());
        var split = Cohort.Open(root).Split();
        Assert.Equal(split.Train, cohort.GetProperty("subjects").GetProperty("train").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("train", config.GetProperty("data").GetProperty("subjects").GetProperty("loaded").GetString());

        // Resume reads the cohort from the checkpoint (no --data/--labels); predict labels a subject's volume on its grid.
        var resumed = CliRunner.Run("segment", "train", "--resume", run, "--steps", "4");
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        var input = Path.Combine(root, split.Test[0], "t1.nii.gz");
        var output = dir.File("labels.nii.gz");
        var predict = CliRunner.Run("segment", "predict", "--checkpoint", run, "--in", input, "--out", output);
        Assert.True(predict.ExitCode == 0, predict.Output);
        Assert.Contains("label 3", predict.Output);
        var labels = NiftiReader.Read(output);
        Assert.Equal(NiftiReader.Read(input).Shape, labels.Shape);
        Assert.InRange(labels.Voxels.Max(), 0f, 3f);
    }

    [Fact]
    public void ALabelMapOffItsImagesGridIsAnErrorNamingTheSubject()
    {
        var root = MakeCohort(6);
        var t1 = NiftiReader.Read(Path.Combine(root, "s02", "t1.nii.gz"));
        var a = (double[,])t1.Affine.Clone();
        a[0, 3] += 3;                                                             // same dims, shifted by a voxel
        NiftiWriter.Write(Path.Combine(root, "s02", "seg.nii.gz"),
            new Volume(new float[t1.Voxels.Length], t1.Shape, a, IntensityKind.Unknown, NiftiDataType.UInt8), NiftiDataType.UInt8);
        var result = CliRunner.Run(["segment", "train", "--data", $"cohort:{root}:t1", "--labels", "seg", .. Budget(dir.File("run"))]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error:", result.Output);
        Assert.Contains("'s02'", result.Output);
        Assert.Contains("not on its image's grid", result.Output);
        Assert.Contains(CohortDescription.Of(root).Problems, p => p.StartsWith("s02: seg is not on the t1 grid", StringComparison.Ordinal));   // data info says so too
        var missing = CliRunner.Run(["segment", "train", "--data", $"cohort:{root}:t1", .. Budget(dir.File("run2"))]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("--labels", missing.Output);
    }

    [Fact]
    public void AdaptRunsFromALabelledCohortToAnotherModality()
    {
        var root = MakeCohort(6);
        var run = dir.File("adapt");
        var result = CliRunner.Run(["adapt", "--data", $"cohort:{root}:t1", "--labels", "seg", "--target", $"cohort:{root}:t2", .. Budget(run)]);
        Assert.True(result.ExitCode == 0, result.Output);
        int scoredRows = result.Output.Split("label 3").Length - 1;
        Assert.True(scoredRows == 2, $"the source's and the target's test subjects are both scored:\n{result.Output}");
        var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement.GetProperty("model");
        Assert.Equal("t2", model.GetProperty("targetCohort").GetProperty("modality").GetString());
        Assert.Contains("domain/accuracy", File.ReadAllText(Path.Combine(run, "scalars.csv")));
    }

    /// <summary>
    /// Issue 14: no subject contributes slices to two splits. Through the code the CLI runs (SegmentationTraining.Run, then
    /// SegmentationEvaluation.TestScores), every slice the trainer was given is traced to its subject, and so is every
    /// slice scored: the two sets of subjects are disjoint, the trained ones are exactly the train split's, the scored ones
    /// the test split's; for adaptation, both source and target.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoSubjectIsBothTrainedOnAndScored(bool adapt)
    {
        var root = MakeCohort(8);                                                 // 6 train, 1 val, 1 test
        var source = CohortLabelledSlices.Resolve($"cohort:{root}:t1", "seg", labelsRequired: true);
        var target = adapt ? CohortLabelledSlices.Resolve($"cohort:{root}:t2", "seg", labelsRequired: false) : null;
        var unet = new UNet2dOptions(ImageSize: 32, Classes: CohortLabelledSlices.ClassCount(source), Width: 8, Depth: 2);
        var config = new SegmentationConfig(unet, HeadDomainOptions.Cpu with { Size = 32 }, source.Name, target?.Name,
            adapt ? new AdaptationOptions(unet.LayerNames, RampStart: 0, RampEnd: 1) : null) { LabelledCohort = source, TargetCohort = target };
        Assert.Equal(4, unet.Classes);
        var domains = new Recording(config.Domains());
        var run = dir.File("run");
        var result = SegmentationTraining.Run(config, domains, SegmentationTraining.Cpu with { Steps = 2, BatchSize = 4, CheckpointEvery = 2 }, run);
        var trained = domains.Take();
        using (var model = SegmentationModel.Load(result.LastCheckpoint!))
        {
            var scores = SegmentationEvaluation.TestScores(model, domains, config);
            var split = source.Subjects;
            Assert.Equal(adapt ? 2 : 1, trained.Select(t => t.Domain).Distinct().Count());
            foreach (var (domain, subjects, count) in trained)
            {
                Assert.Equal(split.Train.Order(), subjects.Distinct().Order());     // every train subject, nothing else
                Assert.True(subjects.Length == count, "each trained slice has its subject");
            }
            var trainedSubjects = trained.SelectMany(t => t.Subjects).ToHashSet();
            Assert.Equal(adapt ? 2 : 1, scores.Count);
            foreach (var d in scores)
            {
                Assert.Null(d.Note);
                Assert.Equal(split.Test, d.Subjects);
                Assert.Empty(trainedSubjects.Intersect(d.Subjects));
            }
            Assert.Empty(trainedSubjects.Intersect(split.Val));
        }
        var data = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement.GetProperty("data");
        Assert.Equal(trained.First(t => t.Domain == source.Name).Count, data.GetProperty("count").GetInt32());   // the trainer's data set is what was traced
    }

    /// <summary>Records the subject of every slice loaded, until <see cref="Take"/>.</summary>
    private sealed class Recording(ILabelledDomains inner) : ILabelledDomains
    {
        private readonly List<(string Domain, string[] Subjects, int Count)> loaded = [];

        public LabelledSlices Load(string domain, SegmentationSplit split)
        {
            var slices = inner.Load(domain, split);
            loaded.Add((domain, slices.Subjects ?? throw new InvalidOperationException("cohort slices without subjects"), slices.Count));
            return slices;
        }

        public bool HasLabels(string domain, SegmentationSplit split) => inner.HasLabels(domain, split);

        public List<(string Domain, string[] Subjects, int Count)> Take()
        {
            var result = loaded.ToList();
            loaded.Clear();
            return result;
        }
    }
}
