using TidyGan.IO;

namespace TidyGan.Data;

/// <summary>Which slabs of a domain: its training slabs or the shared test slabs.</summary>
public enum SegmentationSplit { Train, Test }

/// <summary>
/// Data options of the head domains: network grid (Size px over FieldOfViewMm), slab thickness in slices for the
/// 1 mm MR and the 1.5 mm CT, the smallest head area a slice must have (fraction of the largest), the seed of the
/// simulated contrast, and how far below the vertex CT slices are used (the Cranium CT's useful range).
/// </summary>
public sealed record HeadDomainOptions(int Size = 64, double FieldOfViewMm = 240, int MrSlabSlices = 8, int CtSlabSlices = 4,
    double MinHeadFraction = 0.15, int SimulationSeed = 1, double CtMaxDepthMm = 80)
{
    public static HeadDomainOptions Cpu { get; } = new();
}

/// <summary>
/// The three head domains with their labels (<see cref="HeadLabels"/>):
/// <c>mr-head</c> — source, Colin27 T1 (ch2), brain = ch2bet &gt; 0; <c>sim-mr</c> — target A, the same head in a
/// simulated T2-like contrast (<see cref="ContrastSimulation"/>), labels exact; <c>ct-head</c> — target B, the
/// Cranium head CT with the classical reference mask (<see cref="CtBrainMask"/>), top 80 mm.
/// Colin27's head slices are cut into 8-slice slabs dealt round-robin to three sets: 0 = mr-head train (source),
/// 1 = sim-mr train (target, used unlabelled except by the supervised upper bound), 2 = test (both MR domains);
/// the CT's 4-slice (6 mm) slabs alternate between its train (unlabelled) and test sets. Loaded volumes are cached.
/// </summary>
public sealed class HeadDomains : ILabelledDomains
{
    public const string Source = "mr-head";
    public const string SimulatedMr = "sim-mr";
    public const string Ct = "ct-head";
    public const string BrainMaskPath = "/usr/share/mricron/templates/ch2bet.nii.gz";

    public static IReadOnlyList<string> Names { get; } = [Source, SimulatedMr, Ct];

    private readonly HeadDomainOptions options;
    private (Volume T1, Volume Simulated, bool[] Head, int[] Labels, int[][] Sets)? mr;
    private (Volume Ct, bool[] Head, int[] Labels, int[][] Sets)? ct;

    public HeadDomains(HeadDomainOptions? options = null) => this.options = options ?? HeadDomainOptions.Cpu;

    public HeadDomainOptions Options => options;


    public LabelledSlices Load(string domain, SegmentationSplit split) => domain switch
    {
        Source or SimulatedMr => LoadMr(domain, split),
        Ct => LoadCt(split),
        _ => throw new ArgumentException($"unknown segmentation domain '{domain}'; valid: {string.Join(", ", Names)}"),
    };

    /// <summary>The reference label volume of the CT (for figures and the doc) on the CT's own grid.</summary>
    public (Volume Ct, int[] Labels, int[] TestSlices) CtReference()
    {
        var c = ct ??= ReadCt();
        return (c.Ct, c.Labels, c.Sets[1]);
    }

    private LabelledSlices LoadMr(string domain, SegmentationSplit split)
    {
        var m = mr ??= ReadMr();
        var slices = split == SegmentationSplit.Test ? m.Sets[2] : domain == Source ? m.Sets[0] : m.Sets[1];
        var allSlices = m.Sets.SelectMany(s => s).ToArray();
        var volume = domain == Source ? m.T1 : m.Simulated;
        var set = LabelledSlices.Build(domain, volume, m.Head, m.Labels, slices, allSlices, options.FieldOfViewMm, options.Size, SliceNormalisation.Mr, 0f);
        if (domain == Source) return set;
        // Acquisition of the simulated sequence on the network grid: coarser in-plane resolution and Rician noise.
        var degraded = ContrastSimulation.Degrade(set.Images, StableSeed.Mix(options.SimulationSeed, (int)split));
        set.Images.Dispose();
        return new LabelledSlices { Domain = domain, Images = degraded, Labels = set.Labels, SliceIndices = set.SliceIndices, Grid = set.Grid };
    }

    private LabelledSlices LoadCt(SegmentationSplit split)
    {
        var c = ct ??= ReadCt();
        var slices = split == SegmentationSplit.Test ? c.Sets[1] : c.Sets[0];
        var allSlices = c.Sets.SelectMany(s => s).ToArray();
        return LabelledSlices.Build(Ct, c.Ct, c.Head, c.Labels, slices, allSlices, options.FieldOfViewMm, options.Size, SliceNormalisation.Ct, -1024f);
    }

    private (Volume, Volume, bool[], int[], int[][]) ReadMr()
    {
        Datasets.Require(Source, "mricron-data", Datasets.Ch2Path, BrainMaskPath);
        var t1 = NiftiReader.Read(Datasets.Ch2Path);
        var bet = NiftiReader.Read(BrainMaskPath);
        if (!bet.Shape.SequenceEqual(t1.Shape)) throw new UserException($"{BrainMaskPath}: shape [{string.Join(", ", bet.Shape)}] differs from ch2's [{string.Join(", ", t1.Shape)}]");
        var window = PercentileScaling.Fit(t1.Voxels);
        var head = HeadMask.Compute(t1, (float)(window.Lower + 0.1 * (window.Upper - window.Lower)));   // as Datasets' mr-head
        var brain = bet.Voxels.Select(x => x > 0).ToArray();
        var labels = HeadLabels.FromMasks(head, brain);
        var sets = SlabSplit.Split(LabelledSlices.HeadSlices(t1, head, options.MinHeadFraction), options.MrSlabSlices, 3);
        var simulated = ContrastSimulation.Simulate(t1, head, brain, options.SimulationSeed);
        return (t1, simulated, head, labels, sets);
    }

    private (Volume, bool[], int[], int[][]) ReadCt()
    {
        Datasets.Require(Ct, "invesalius-examples", Datasets.CraniumPath);
        var volume = InVesaliusReader.Read(Datasets.CraniumPath);
        var (head, brain) = CtBrainMask.Compute(volume);
        var labels = HeadLabels.FromMasks(head, brain);
        var headSlices = LabelledSlices.HeadSlices(volume, head, options.MinHeadFraction);
        var headVolume = volume.WithVoxels(head.Select(m => m ? 1f : 0f).ToArray());
        var (area, _, _, _) = VolumeSliceSet.HeadBoxes(headVolume, SliceAxis.Axial, VolumeSlicer.SliceCount(volume, SliceAxis.Axial));
        var depth = VolumeSliceSet.DepthBelowVertex(Ct, volume, SliceAxis.Axial, area);
        var kept = headSlices.Where(k => depth[k] <= options.CtMaxDepthMm + 1e-6).ToArray();
        return (volume, head, labels, SlabSplit.Split(kept, options.CtSlabSlices, 2));
    }
}
