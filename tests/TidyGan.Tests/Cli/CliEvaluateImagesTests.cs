using System.Text.Json;
using TidyGan.Data;
using TidyGan.Tests.Data;
using static TidyGan.Tests.Metrics.ImageMetrics.ImageMetricsFixtures;

namespace TidyGan.Tests.Cli;

/// <summary>
/// `tidygan evaluate-images` on small NIfTI files written here, against values computed independently from
/// the same files by nibabel + numpy + scikit-image (SSIM) + scipy (medpy's HD95 definition).
/// </summary>
public class CliEvaluateImagesTests
{
    private const string Reference = """
        import json, sys, numpy as np, nibabel as nib
        from skimage.metrics import structural_similarity
        from scipy.ndimage import binary_erosion, distance_transform_edt, generate_binary_structure
        load = lambda p: np.asarray(nib.load(p).dataobj, dtype=np.float64).transpose(2, 1, 0)   # (x, y, z) -> [z, y, x]
        pred, target, mask, lp, lt = (load(p) for p in sys.argv[1:6])
        sp = nib.load(sys.argv[5]).header.get_zooms()[:3][::-1]
        m = mask != 0
        diff = (pred - target)[m]
        L = target[m].max() - target[m].min()
        rmse = float(np.sqrt(np.mean(diff ** 2)))
        vals = []
        for s in range(target.shape[0]):
            _, S = structural_similarity(target[s], pred[s], gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=L, full=True)
            keep = np.zeros(S.shape, bool); keep[5:-5, 5:-5] = True
            vals.append(S[keep & m[s]])
        def surface(x):
            return x ^ binary_erosion(x, structure=generate_binary_structure(x.ndim, 1), iterations=1)
        def hd95(a, b):
            d = lambda x, y: distance_transform_edt(~surface(y), sampling=sp)[surface(x)]
            return float(np.percentile(np.hstack((d(a, b), d(b, a))), 95))
        labels = {}
        for l in (1, 2):
            a, b = lt == l, lp == l
            labels[l] = dict(dice=float(2 * (a & b).sum() / (a.sum() + b.sum())), hd95=hd95(a, b))
        print(json.dumps(dict(mae=float(np.mean(np.abs(diff))), rmse=rmse, psnr=float(20 * np.log10(L / rmse)),
                              ssim=float(np.concatenate(vals).mean()), voxels=int(m.sum()), labels=labels)))
        """;

    private static readonly int[] Rows = [4, 30, 34];                      // [z, y, x] as the fixtures lay them out
    private static readonly double[] Spacing = [0.8, 0.9, 2.5];             // x, y, z in mm

    private static Volume Make(float[] rowMajor, double[]? spacing = null, double shiftX = 0)
    {
        var affine = Volume.DiagonalAffine(spacing ?? Spacing);
        affine[0, 3] = -12.5 + shiftX;
        affine[1, 3] = 7;
        return new Volume(rowMajor, [Rows[2], Rows[1], Rows[0]], affine, IntensityKind.Hounsfield, NiftiDataType.Float32);
    }

    private static float[] LabelMap(double shift)
    {
        var one = Ellipse(Rows, 15, 17 + shift, 10, 12, slope: 0.1);
        var two = Ellipse(Rows, 12, 12 - shift, 4, 5);
        return one.Select((inside, i) => two[i] ? 2f : inside ? 1f : 0f).ToArray();
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]   // two CLI processes and a Python reference
    public void IntensityAndLabelMetricsMatchNibabelNumpySkimageAndScipy()
    {
        using var dir = new TempDirectory();
        string F(string name) => Path.Combine(dir.Path, name);
        NiftiWriter.Write(F("target.nii.gz"), Make(HeadCt(Rows, seed: 1)), NiftiDataType.Int16);
        NiftiWriter.Write(F("pred.nii.gz"), Make(HeadCt(Rows, seed: 2, noise: 80)), NiftiDataType.Float32);
        NiftiWriter.Write(F("mask.nii.gz"), Make(Ellipse(Rows, 15, 17, 12, 14).Select(b => b ? 1f : 0f).ToArray()), NiftiDataType.UInt8);
        NiftiWriter.Write(F("labels-target.nii.gz"), Make(LabelMap(0)), NiftiDataType.UInt8);
        NiftiWriter.Write(F("labels-pred.nii.gz"), Make(LabelMap(2)), NiftiDataType.UInt8);
        var want = Python.Json(Reference, F("pred.nii.gz"), F("target.nii.gz"), F("mask.nii.gz"), F("labels-pred.nii.gz"), F("labels-target.nii.gz"));

        var run = CliRunner.Run("evaluate-images", "--pred", F("pred.nii.gz"), "--target", F("target.nii.gz"), "--mask", F("mask.nii.gz"), "--json", F("i.json"));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("HU", run.Output);
        var got = JsonDocument.Parse(File.ReadAllText(F("i.json"))).RootElement;
        Assert.Equal("HU", got.GetProperty("units").GetString());
        var m = got.GetProperty("metrics");
        Assert.Equal(want.GetProperty("voxels").GetInt64(), m.GetProperty("voxels").GetInt64());
        foreach (var (ours, theirs) in new[] { ("mae", "mae"), ("rmse", "rmse"), ("psnr_db", "psnr"), ("ssim", "ssim") })
            Assert.Equal(want.GetProperty(theirs).GetDouble(), m.GetProperty(ours).GetDouble(), 6);
        Assert.InRange(m.GetProperty("mae").GetDouble(), 20, 60);                // ±80 HU uniform noise (+ rounding): MAE ≈ 40 HU

        run = CliRunner.Run("evaluate-images", "--pred", F("labels-pred.nii.gz"), "--target", F("labels-target.nii.gz"), "--labels", "--json", F("l.json"));
        Assert.True(run.ExitCode == 0, run.Output);
        var labels = JsonDocument.Parse(File.ReadAllText(F("l.json"))).RootElement.GetProperty("labels").EnumerateArray()
            .ToDictionary(l => l.GetProperty("label").GetInt32());
        Assert.Equal([1, 2], labels.Keys.Order());
        foreach (int l in new[] { 1, 2 })
        {
            var w = want.GetProperty("labels").GetProperty($"{l}");
            Assert.Equal(w.GetProperty("dice").GetDouble(), labels[l].GetProperty("dice").GetDouble(), 9);
            Assert.Equal(w.GetProperty("hd95").GetDouble(), labels[l].GetProperty("hd95_mm").GetDouble(), 9);
        }
        Assert.InRange(labels[1].GetProperty("hd95_mm").GetDouble(), 0.5, 5);   // shifted by 2 voxels of 0.8 mm, plus the ellipse's rim
    }

    [Fact]
    public void MismatchedGridsMissingFilesEmptyMasksAndNonLabelsAreClearErrors()
    {
        using var dir = new TempDirectory();
        string F(string name) => Path.Combine(dir.Path, name);
        var ct = HeadCt(Rows, seed: 1);
        NiftiWriter.Write(F("target.nii"), Make(ct), NiftiDataType.Float32);
        NiftiWriter.Write(F("spacing.nii"), Make(ct, spacing: [0.8, 0.9, 3.0]), NiftiDataType.Float32);
        NiftiWriter.Write(F("moved.nii"), Make(ct, shiftX: 4), NiftiDataType.Float32);
        NiftiWriter.Write(F("small.nii"), new Volume(new float[10 * 10 * 4], [10, 10, 4], Volume.DiagonalAffine(Spacing)), NiftiDataType.Float32);
        NiftiWriter.Write(F("empty.nii"), Make(new float[ct.Length]), NiftiDataType.UInt8);

        void Fails(string expected, params string[] args)
        {
            var r = CliRunner.Run(["evaluate-images", .. args]);
            Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Output}");
            Assert.Contains("error:", r.Output);
            Assert.Contains(expected, r.Output);
            Assert.DoesNotContain("   at ", r.Output);
        }
        Fails("has dimensions [10, 10, 4]", "--pred", F("small.nii"), "--target", F("target.nii"));
        Fails("voxel spacing [0.8, 0.9, 3] mm", "--pred", F("spacing.nii"), "--target", F("target.nii"));
        Fails("different affines", "--pred", F("moved.nii"), "--target", F("target.nii"));
        Fails("does not exist", "--pred", F("nothing.nii.gz"), "--target", F("target.nii"));
        Fails("is empty", "--pred", F("target.nii"), "--target", F("target.nii"), "--mask", F("empty.nii"));
        Fails("not a label map", "--pred", F("target.nii"), "--target", F("target.nii"), "--labels");
        Fails("different affines", "--pred", F("target.nii"), "--target", F("target.nii"), "--mask", F("moved.nii"));
    }
}
