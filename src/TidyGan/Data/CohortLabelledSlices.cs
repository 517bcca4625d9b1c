using TidyGan.IO;

namespace TidyGan.Data;

/// <summary>
/// A cohort as a segmentation domain, as a run records it (in its <c>SegmentationConfig</c>, so resume and
/// <c>segment predict</c> need no flags): the name given (<c>cohort:PATH:MODALITY</c>), the cohort's path, the image
/// modality, the label-map modality (null: no labels, an unlabelled adaptation target) and the subjects of each split.
/// </summary>
public sealed record SegmentationCohort(string Name, string Path, string Modality, string? Labels, CohortSplit Subjects);

/// <summary>
/// Labelled slices of a cohort for <c>segment train</c> and <c>adapt</c>: for every subject of one split, its image volume
/// and its label map (a modality of the same subject, e.g. <c>seg</c>: integer labels 0 … C − 1, 0 = background, on the image's
/// grid: same dims and affine, else an error naming the subject), each prepared as <see cref="LabelledSlices.Prepare"/> does it
/// for a single volume (head mask, slices with enough head, a grid centred on the subject's head, labels resampled as
/// per-class area fractions → majority class). The class count C is max label + 1 over the label maps of every subject of the
/// cohort (all splits, so a class that only the test subjects show still has an output and a score). Splits are per subject
/// (<see cref="Cohort.Split(CohortSplitRule)"/>: the manifest's split column, else 0.8 / 0.1 / 0.1 with seed 0); segmentation trains on
/// train, scores on test and does not use val.
/// </summary>
public static class CohortLabelledSlices
{
    /// <summary>Opens the cohort of <paramref name="name"/> (<c>cohort:PATH:MODALITY</c>) and records its split; <paramref name="labels"/>
    /// is the label-map modality (required when <paramref name="labelsRequired"/>, else used only when the cohort has it).</summary>
    public static SegmentationCohort Resolve(string name, string? labels, bool labelsRequired, CohortSplitRule? rule = null)
    {
        var (path, modality, split) = CohortSlices.ParseName(name);
        if (split is not null)
            throw new UserException($"{name}: segmentation takes the whole cohort (it trains on the train split and scores the test split); drop '@{split}'");
        var cohort = Cohort.Open(path);
        var image = cohort.SelectModality(modality);
        string? labelModality = labels?.ToLowerInvariant();
        if (labelModality is not null && !cohort.Modalities.Contains(labelModality))
        {
            if (labelsRequired) throw new UserException($"cohort {path}: no label modality '{labels}'; modalities found: {string.Join(", ", cohort.Modalities)}");
            labelModality = null;
        }
        if (labelsRequired && labelModality is null) throw new UserException($"{name}: a labelled cohort needs --labels MODALITY (its label maps, e.g. seg)");
        if (labelModality == image) throw new UserException($"{name}: the label modality '{labelModality}' is the image modality");
        return new SegmentationCohort(name, path, image, labelModality, cohort.Split(rule));
    }

    /// <summary>Class count: max label + 1 over every subject's label map (all splits); at least 2.</summary>
    public static int ClassCount(SegmentationCohort source)
    {
        if (source.Labels is null) throw new ArgumentException($"{source.Name}: no label modality");
        var cohort = Cohort.Open(source.Path);
        int max = -1;
        foreach (var subject in cohort.Subjects)
            if (cohort.Item(subject, source.Labels) is { } item)
                max = Math.Max(max, ReadLabels(subject, item, null).Max());
        if (max < 0) throw new UserException($"cohort {source.Path}: no subject has a '{source.Labels}' label map");
        if (max < 1) throw new UserException($"cohort {source.Path}: every '{source.Labels}' label map is all background (0): nothing to segment");
        return max + 1;
    }

    /// <summary>Class names: 0 = background, k = "label k".</summary>
    public static IReadOnlyList<string> ClassNames(int classes) =>
        [.. Enumerable.Range(0, classes).Select(k => k == 0 ? "background" : $"label {k}")];

    /// <summary>
    /// The slices of <paramref name="split"/>'s subjects (those with the image modality), with label maps when
    /// <paramref name="withLabels"/> (then every such subject must have one). Subjects are taken in id order.
    /// </summary>
    public static LabelledSlices Load(SegmentationCohort source, string split, HeadDomainOptions options, int classes, bool withLabels)
    {
        if (withLabels && source.Labels is null) throw new UserException($"{source.Name}: no label modality to load");
        var cohort = Cohort.Open(source.Path);
        var subjects = source.Subjects[split].Where(s => cohort.Item(s, source.Modality) is not null).ToList();
        if (subjects.Count == 0)
            throw new UserException($"{source.Name}: no subject of split '{split}' has modality '{source.Modality}' (split sizes: train {source.Subjects.Train.Count}, val {source.Subjects.Val.Count}, test {source.Subjects.Test.Count})");
        var parts = new List<(string, LabelledSlices)>();
        try
        {
            foreach (var subject in subjects)
            {
                var volume = CohortSlices.ReadVolume(cohort.Item(subject, source.Modality)!);
                if (volume.Shape.Length == 4) volume = volume.Frame(0);
                int[]? labels = null;
                if (withLabels)
                {
                    var item = cohort.Item(subject, source.Labels!)
                        ?? throw new UserException($"{source.Name}: subject '{subject}' has no '{source.Labels}' label map");
                    labels = ReadLabels(subject, item, volume);
                    if (labels.Max() >= classes)
                        throw new UserException($"{source.Name}: subject '{subject}' has label {labels.Max()}, beyond the model's {classes} classes (0…{classes - 1})");
                }
                bool? ct = source.Modality == "ct" || volume.Kind == IntensityKind.Hounsfield ? true : null;
                parts.Add((subject, LabelledSlices.Prepare($"{source.Name}/{subject}", volume, labels, options.FieldOfViewMm, options.Size,
                    options.MinHeadFraction, ct, classes)));
            }
            return LabelledSlices.Concat(source.Name, parts);
        }
        finally
        {
            foreach (var (_, part) in parts) part.Dispose();
        }
    }

    /// <summary>A subject's label map as integers, checked: whole non-negative numbers, and (when <paramref name="image"/> is given) on the image's grid.</summary>
    private static int[] ReadLabels(string subject, CohortItem item, Volume? image)
    {
        var map = CohortSlices.ReadVolume(item);
        if (map.Shape.Length == 4) map = map.Frame(0);
        if (image is not null && !CohortDescription.SameGrid(map, image))
            throw new UserException($"cohort: subject '{subject}': label map {item.Path} is not on its image's grid ({string.Join("×", map.Shape.Take(3))} vs {string.Join("×", image.Shape.Take(3))}{(map.Shape.AsSpan(0, 3).SequenceEqual(image.Shape.AsSpan(0, 3)) ? ", affines differ" : "")})");
        var labels = new int[map.Voxels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            float v = map.Voxels[i];
            if (!(v >= 0) || v != MathF.Round(v) || v > 65535)
                throw new UserException($"cohort: subject '{subject}': label map {item.Path} holds {v}, not an integer label 0…65535");
            labels[i] = (int)v;
        }
        return labels;
    }
}
