using TidyGan.Training;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Metrics.Features;
using TidyGan.Metrics.ImageMetrics;
using static TorchSharp.torch;

namespace TidyGan.Metrics;

/// <summary>HU distribution inside the head: W1 to the real CT's and the tissue fractions.</summary>
public sealed record HuScore(double Wasserstein1Hu, TissueFractions Fractions, long Voxels);

/// <summary>FD and KID of one image set against the reference half of the real CT slices.</summary>
public sealed record DistributionScore(double FrechetDistance, double Kid, double KidStandardError, int N);

/// <summary>Bone where the MR shows the skull: shares of bone (≥ 300 HU) in the skull shell and inside the brain.</summary>
/// <param name="ShellBoneFraction">Share of shell voxels (head, outside the brain, ≤ ShellMm from it, upper half of the brain) that are bone.</param>
/// <param name="BrainBoneFraction">Share of brain voxels (ch2bet mask) that are bone: should be ≈ 0.</param>
public sealed record SkullScore(double ShellBoneFraction, double BrainBoneFraction, long ShellVoxels, long BrainVoxels, double ShellMm);

/// <summary>Everything docs/mr-to-ct.md reports for an MR → CT Cycle-GAN (no paired ground truth exists here).</summary>
public sealed record SyntheticCtReport(
    string Checkpoint, long Step, string FeatureExtractor,
    HuScore RealCt, HuScore SyntheticCt, HuScore LinearBaseline, string LinearBaselineMapping,
    DistributionScore RealVsRealFloor, DistributionScore SyntheticVsReal, DistributionScore LinearBaselineVsReal,
    double CycleMaeHuHead, double CycleMaeHuImage, int CycleSlices,
    double HeadMaskDice, SkullScore SyntheticSkull, SkullScore LinearBaselineSkull, double? MaxDepthMm = null);

/// <summary>
/// Measures an MR → CT Cycle-GAN on the unpaired head set: the whole Colin27 MR is translated and compared
/// with the real Cranium CT (HU histograms, FD/KID of slices with the real-vs-real floor), the CT → MR → CT
/// cycle error in HU, and the geometry (head-mask Dice, bone in the skull shell) — each beside the trivial
/// baseline "MR intensities linearly mapped to HU" (moment-matched to the real CT inside the head).
/// maxDepthMm (normally the training range, CycleGanConfig.MaxDepthMm) limits every measure to voxels and slices at
/// most that far below each head's vertex, where the two heads show the same anatomy; null measures the whole head.
/// </summary>
public static class SyntheticCtEvaluation
{
    public const string BrainMaskPath = "/usr/share/mricron/templates/ch2bet.nii.gz";
    public const double ShellMm = 12;
    private static readonly HounsfieldWindow Display = new(-1000, 1000);

    public static (SyntheticCtReport Report, Translation Translation, Volume Baseline, Tensor Rows) Run(
        TrainedModel<CycleGan> model, IFeatureExtractor features, Action<string>? status = null, double? maxDepthMm = null)
    {
        var config = model.Gan.Config;
        if (config.DomainB.IntensityUnit != "HU") throw new ArgumentException($"{model.Folder}: domain B ({config.DomainB.Name}) is not CT in HU; evaluate an MR → CT model (--a mr-head --b ct-head)");
        Datasets.Require("mr-head", "mricron-data", Datasets.Ch2Path, BrainMaskPath);
        Datasets.Require("ct-head", "invesalius-examples", Datasets.CraniumPath);

        status?.Invoke("translating the MR volume");
        var mr = NiftiReader.Read(Datasets.Ch2Path);
        var translation = VolumeTranslator.Translate(model.Gan, mr, TranslationDirection.AToB);
        var sct = translation.Output;
        var (_, mrThreshold, _) = VolumeTranslator.Preparation(mr, config.DomainA);
        var mrHead = WithinDepth(mr, HeadMask.Compute(mr, mrThreshold), maxDepthMm);

        status?.Invoke("HU histograms");
        var ct = InVesaliusReader.Read(Datasets.CraniumPath);
        var ctHead = WithinDepth(ct, HeadMask.Compute(ct, Datasets.CtHeadThresholdHu), maxDepthMm);
        var realHu = Inside(ct.Voxels, ctHead);
        var sctHu = Inside(sct.Voxels, mrHead);
        var mrValues = Inside(mr.Voxels, mrHead);
        var (scale, offset) = MomentMatch(mrValues, realHu);
        var baselineHu = mrValues.Select(v => (float)Math.Clamp(scale * v + offset, -1024, 3071)).ToArray();
        var baseline = mr.WithVoxels(mr.Voxels.Select((v, i) => mrHead[i] ? (float)Math.Clamp(scale * v + offset, -1024, 3071) : -1024f).ToArray(), IntensityKind.Hounsfield);
        HuScore Score(float[] hu) => new(HounsfieldHistogram.Wasserstein1(hu, realHu), HounsfieldHistogram.Fractions(hu), hu.Length);

        status?.Invoke("geometry: head-mask Dice, bone in the skull shell");
        // Same depth range as the MR's mask (measured from the MR's vertex: both live on the MR's grid).
        var sctHead = HeadMask.Compute(sct, Datasets.CtHeadThresholdHu);
        if (maxDepthMm is not null)
        {
            var inRange = WithinDepth(mr, HeadMask.Compute(mr, mrThreshold), maxDepthMm, rangeOnly: true);
            for (int i = 0; i < sctHead.Length; i++) sctHead[i] &= inRange[i];
        }
        double dice = OverlapMetrics.Dice(mrHead, sctHead);
        var brain = NiftiReader.Read(BrainMaskPath).Voxels.Select(v => v > 0).ToArray();
        if (brain.Length != mr.Voxels.Length) throw new DataFormatException(BrainMaskPath, "dims", "ch2bet is not on ch2's voxel grid");
        var shell = SkullShell(mr, mrHead, brain);
        // The shell's "upper half" uses the whole brain's centre; the brain-bone share counts the brain within the same depth range (measured from the head's vertex, not the brain's).
        if (maxDepthMm is not null)
        {
            var inRange = WithinDepth(mr, HeadMask.Compute(mr, mrThreshold), maxDepthMm, rangeOnly: true);
            for (int i = 0; i < brain.Length; i++) brain[i] &= inRange[i];
        }

        status?.Invoke("slices: FD/KID, cycle error");
        var options = config.SliceOptions(maxDepthMm);
        using var mrSlices = Datasets.Load(config.DomainA.Name, options);
        using var ctSlices = Datasets.Load(config.DomainB.Name, options);
        using var scope = NewDisposeScope();
        var g = model.Gan.Generators;
        var device = g.parameters().First().device;
        var sctSlices = Apply(g.AToB, mrSlices.Images, device);
        var ctWindow = config.DomainB.Intensity;
        // Baseline slices: MR units → HU by the same line, background stays air.
        var mrPhysical = mrSlices.Intensity.ToPhysical(mrSlices.Images);
        var baselineSlices = ctWindow.ToNormalized((mrPhysical * scale + offset).clamp(-1024, 3071))
            .where(mrSlices.Images.gt(-0.999), ctWindow.ToNormalized(full(1, -1024f)));

        var reference = ctSlices.Images.index_select(0, arange(0, ctSlices.Count, 2));   // even slices
        var heldOut = ctSlices.Images.index_select(0, arange(1, ctSlices.Count, 2));     // odd slices: the floor
        int n = (int)Math.Min(reference.shape[0], heldOut.shape[0]);
        Tensor Spread(Tensor images) => images.index_select(0, linspace(0, images.shape[0] - 1, n).round().to_type(int64));
        DistributionScore Distribution(Tensor images)
        {
            using var fakeFeatures = features.Extract(ToDisplay(Spread(images), ctWindow));
            using var realFeatures = features.Extract(ToDisplay(Spread(reference), ctWindow));
            var kid = KernelInceptionDistance.Compute(realFeatures, fakeFeatures, subsets: 100, subsetSize: n);
            return new DistributionScore(FrechetDistance.Compute(realFeatures, fakeFeatures), kid.Mean, kid.StandardError, n);
        }

        // CT → MR → CT in HU, inside the head (> −500 HU in the real slice) and over the whole image.
        var reconstructed = Apply(g.AToB, Apply(g.BToA, ctSlices.Images, device), device);
        var realSliceHu = ctWindow.ToPhysical(ctSlices.Images);
        var error = (ctWindow.ToPhysical(reconstructed) - realSliceHu).abs();
        var inHead = realSliceHu.gt(Datasets.CtHeadThresholdHu);

        var report = new SyntheticCtReport(model.Folder, model.Manifest.Step, FeatureExtractors.Describe(features),
            new HuScore(0, HounsfieldHistogram.Fractions(realHu), realHu.Length), Score(sctHu), Score(baselineHu),
            $"HU = {scale:0.###} · MR + {offset:0.#} (mean and SD of the MR head matched to the real CT head)",
            Distribution(heldOut), Distribution(sctSlices), Distribution(baselineSlices),
            error.masked_select(inHead).mean().item<float>(), error.mean().item<float>(), ctSlices.Count,
            dice, SkullScore(sct, shell, brain), SkullScore(baseline, shell, brain), maxDepthMm);

        // Rows for the docs' figure: MR | synthetic CT | linear baseline | real CT (a different person), on the training grid.
        var mrRow = Spread6(mrSlices.Images);
        var rows = cat([mrRow, ToDisplay(Spread6(sctSlices), ctWindow), ToDisplay(Spread6(baselineSlices), ctWindow), ToDisplay(Spread6(ctSlices.Images), ctWindow)], 0);
        return (report, translation, baseline, rows.MoveToOuterDisposeScope());
    }

    private static Tensor Spread6(Tensor images) => images.index_select(0, linspace(images.shape[0] * 0.25, images.shape[0] * 0.85, 6).round().to_type(int64));

    /// <summary>CT slices to the −1000…1000 HU display window in [−1, 1]: what a reader (and an ImageNet network) can see.</summary>
    private static Tensor ToDisplay(Tensor ctNormalised, IIntensityMapping ctWindow) => Display.ToNormalized(ctWindow.ToPhysical(ctNormalised));

    private static Tensor Apply(nn.Module<Tensor, Tensor> generator, Tensor images, Device device)
    {
        using var _ = no_grad();
        var chunks = new List<Tensor>();
        for (long i = 0; i < images.shape[0]; i += 16)
            chunks.Add(generator.call(images.narrow(0, i, Math.Min(16, images.shape[0] - i)).to(device)).cpu());
        return cat(chunks, 0);
    }

    /// <summary>
    /// The mask limited to voxels at most <paramref name="maxDepthMm"/> (world z, superior) below the most superior
    /// voxel of the mask (the vertex); rangeOnly returns the whole depth range instead, head or not.
    /// </summary>
    public static bool[] WithinDepth(Volume volume, bool[] head, double? maxDepthMm, bool rangeOnly = false)
    {
        if (maxDepthMm is not double depth) return head;
        int nx = volume.SizeX, ny = volume.SizeY;
        var z = new double[head.Length];
        double vertex = double.NegativeInfinity;
        for (int i = 0; i < head.Length; i++)
        {
            z[i] = volume.ToWorld(i % nx, i / nx % ny, i / (nx * ny)).Z;
            if (head[i]) vertex = Math.Max(vertex, z[i]);
        }
        return head.Select((h, i) => (rangeOnly || h) && vertex - z[i] <= depth + 1e-6).ToArray();
    }

    private static float[] Inside(float[] values, bool[] mask)
    {
        var result = new List<float>(values.Length / 4);
        for (int i = 0; i < values.Length; i++) if (mask[i]) result.Add(values[i]);
        return [.. result];
    }

    private static (double Scale, double Offset) MomentMatch(float[] from, float[] to)
    {
        double mf = from.Average(v => (double)v), mt = to.Average(v => (double)v);
        double sf = Math.Sqrt(from.Average(v => (v - mf) * (v - mf))), st = Math.Sqrt(to.Average(v => (v - mt) * (v - mt)));
        return (st / sf, mt - st / sf * mf);
    }

    /// <summary>
    /// Where the skull must be: head voxels outside the brain mask and at most <see cref="ShellMm"/> from it, above
    /// the brain's centre (around the cranial vault the brain is enclosed by bone; below, the shell would reach the
    /// orbits, sinuses and neck).
    /// </summary>
    private static bool[] SkullShell(Volume mr, bool[] head, bool[] brain)
    {
        int nx = mr.SizeX, ny = mr.SizeY, nz = mr.SizeZ;
        // Row-major order for the distance transform: z, y, x (x fastest, as the voxels are stored).
        var distance = DistanceTransform.Euclidean(brain, [nz, ny, nx], [mr.Spacing[2], mr.Spacing[1], mr.Spacing[0]]);
        double sum = 0;
        long count = 0;
        for (int i = 0; i < brain.Length; i++)
            if (brain[i]) { sum += mr.ToWorld(i % nx, i / nx % ny, i / (nx * ny)).Z; count++; }
        double centreZ = sum / count;
        var shell = new bool[brain.Length];
        for (int i = 0; i < brain.Length; i++)
            shell[i] = head[i] && !brain[i] && distance[i] <= ShellMm && mr.ToWorld(i % nx, i / nx % ny, i / (nx * ny)).Z >= centreZ;
        return shell;
    }

    private static SkullScore SkullScore(Volume hu, bool[] shell, bool[] brain)
    {
        long shellCount = 0, shellBone = 0, brainCount = 0, brainBone = 0;
        for (int i = 0; i < shell.Length; i++)
        {
            bool bone = hu.Voxels[i] >= HounsfieldHistogram.SoftTissueBelow;
            if (shell[i]) { shellCount++; if (bone) shellBone++; }
            if (brain[i]) { brainCount++; if (bone) brainBone++; }
        }
        return new SkullScore((double)shellBone / shellCount, (double)brainBone / brainCount, shellCount, brainCount, ShellMm);
    }
}
