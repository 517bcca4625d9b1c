using TidyGan.Data;
using TorchSharp;

namespace TidyGan.Metrics.Features;

/// <summary>
/// A self-supervised labelling for the slices of one volume (ct-head, mr-head), which have no class labels:
/// the label is the slice's axial position, in <c>bins</c> equal bins from the first to the last kept slice.
/// To tell the level of a slice, a network must see anatomy (orbits, ventricles, skull vault), so its
/// penultimate features describe head slices; nothing about the label comes from outside the images.
/// <para>Held-out split: every <see cref="Period"/>-th slice (offset 3) is a test slice, and its two neighbours
/// are dropped, so the nearest training slice is at least two slices away (adjacent slices are almost the
/// same image, and testing on them would only measure interpolation).</para>
/// </summary>
public static class SlicePositionTask
{
    public const string TaskName = "axial-position";
    public const int Period = 6;

    /// <summary>(train, test) labelled copies of <paramref name="slices"/> (in slice order, as volumes load).</summary>
    public static (ImageSet Train, ImageSet Test) Split(ImageSet slices, int bins)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (bins < 2) throw new ArgumentException($"Axial position task: need at least 2 bins, got {bins}.", nameof(bins));
        int n = slices.Count;
        if (n < 2 * bins * Period / 3)
            throw new ArgumentException($"Axial position task: '{slices.Name}' has {n} slices; {bins} bins need at least {2 * bins * Period / 3} " +
                                        "(a third go to the test split and its guard slices). Use fewer --bins.", nameof(slices));
        var labels = Enumerable.Range(0, n).Select(i => (long)Math.Min(bins - 1, i * bins / n)).ToArray();
        var test = Enumerable.Range(0, n).Where(i => i % Period == 3).ToArray();
        var train = Enumerable.Range(0, n).Where(i => i % Period is not (2 or 3 or 4)).ToArray();
        var names = Enumerable.Range(0, bins).Select(b => $"axial {100 * b / bins}–{100 * (b + 1) / bins}%").ToArray();
        return (Subset(slices, train, labels, names), Subset(slices, test, labels, names));
    }

    private static ImageSet Subset(ImageSet slices, int[] rows, long[] labels, string[] names)
    {
        using var index = torch.tensor(rows.Select(r => (long)r).ToArray());
        return new ImageSet
        {
            Name = slices.Name,
            Images = slices.Images.index_select(0, index),
            Labels = torch.tensor(rows.Select(r => labels[r]).ToArray()),
            ClassNames = names,
            Intensity = slices.Intensity,
            Geometry = null,                 // a subset of slices is no longer an evenly spaced stack
        };
    }
}
