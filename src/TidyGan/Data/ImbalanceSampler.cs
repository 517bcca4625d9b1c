using TidyGan.IO;
using TorchSharp;

namespace TidyGan.Data;

/// <summary>
/// Which classes become rare, and how rare: each minority class keeps <paramref name="KeepFraction"/> of its
/// images (at least one), every other class keeps all of them. <paramref name="Seed"/> picks which images.
/// </summary>
public sealed record ImbalanceSpec(IReadOnlyList<int> MinorityClasses, double KeepFraction, int Seed)
{
    /// <summary>
    /// Fashion-MNIST's default minority classes: 2 Pullover, 4 Coat, 6 Shirt. They are the three classes a
    /// classifier confuses most with each other (and with 0 T-shirt/top), so making them rare is the hard case:
    /// a remedy that helps here helps where it matters, and one that fails cannot hide behind easy classes.
    /// </summary>
    public static IReadOnlyList<int> FashionMnistMinority { get; } = [2, 4, 6];

    public void Validate(int classCount)
    {
        if (KeepFraction is not (> 0 and <= 1)) throw new ArgumentException($"imbalance: keep fraction must be in (0, 1], got {KeepFraction}");
        if (MinorityClasses.Count == 0) throw new ArgumentException("imbalance: no minority classes given");
        foreach (var c in MinorityClasses)
            if (c < 0 || c >= classCount) throw new ArgumentException($"imbalance: minority class {c} is not in 0…{classCount - 1}");
        if (MinorityClasses.Distinct().Count() != MinorityClasses.Count) throw new ArgumentException("imbalance: a minority class is listed twice");
        if (MinorityClasses.Count >= classCount) throw new ArgumentException("imbalance: at least one class must stay a majority class");
    }
}

/// <summary>
/// Makes a labelled training set imbalanced in a documented, seeded way (the test set is never touched).
/// A minority class with n images keeps max(1, round(fraction · n)) of them, drawn without replacement by a
/// seeded shuffle of that class's indices; the kept indices are returned in their original order.
/// </summary>
public static class ImbalanceSampler
{
    /// <summary>How many images a minority class of <paramref name="count"/> keeps.</summary>
    public static int KeptCount(int count, double fraction) => count == 0 ? 0 : Math.Max(1, (int)Math.Round(fraction * count, MidpointRounding.AwayFromZero));

    /// <summary>Indices (ascending) of the images to keep, given every image's label.</summary>
    public static int[] Keep(IReadOnlyList<long> labels, int classCount, ImbalanceSpec spec)
    {
        spec.Validate(classCount);
        var minority = spec.MinorityClasses.ToHashSet();
        var keep = new List<int>(labels.Count);
        for (int i = 0; i < labels.Count; i++)
            if (!minority.Contains((int)labels[i])) keep.Add(i);
        foreach (var c in spec.MinorityClasses.Order())
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            // One stream per (seed, class): changing the list of minority classes never changes which images a class keeps.
            new Random(StableSeed.Mix(spec.Seed, c, 0x1B)).Shuffle(members);
            keep.AddRange(members.Take(KeptCount(members.Length, spec.KeepFraction)));
        }
        keep.Sort();
        return keep.ToArray();
    }

    /// <summary>The imbalanced subset of a labelled image set (a new set; the input is left as it was).</summary>
    public static ImageSet Apply(ImageSet images, ImbalanceSpec spec)
    {
        if (images.Labels is null) throw new ArgumentException($"imbalance: '{images.Name}' has no class labels");
        var labels = images.Labels.data<long>().ToArray();
        var keep = Keep(labels, images.ClassCount, spec);
        using var index = torch.tensor(keep.Select(i => (long)i).ToArray());
        return new ImageSet
        {
            Name = $"{images.Name} (imbalanced {spec.KeepFraction:0.###})",
            Images = images.Images.index_select(0, index),
            Labels = images.Labels.index_select(0, index),
            ClassNames = images.ClassNames,
            Intensity = images.Intensity,
        };
    }

    /// <summary>Images per class.</summary>
    public static int[] Counts(torch.Tensor labels, int classCount)
    {
        var counts = new int[classCount];
        foreach (var l in labels.data<long>()) counts[l]++;
        return counts;
    }
}
