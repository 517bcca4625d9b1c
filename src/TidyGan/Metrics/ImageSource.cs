using TidyGan.Training;
using TidyGan.Data;
using TidyGan.Gans;
using TorchSharp;

namespace TidyGan.Metrics;

/// <summary>
/// What `tidygan evaluate --real/--fake SRC` names: a dataset (fashion-mnist, ct-head, folder:PATH,
/// nifti:PATH, cohort:PATH:MOD[@train|@val|@test] (a cohort's subjects of one split), or a bare folder / NIfTI path;
/// NAME:test for a test split; NAME:even / NAME:odd for every
/// other image, e.g. the even and odd slices of a volume as a real-vs-real floor when only one volume
/// exists), or a TidyGan run/checkpoint folder to sample from.
/// </summary>
public static class ImageSource
{
    /// <summary>Images [N, C, H, W] in [-1, 1] (CPU) and a short description of where they came from.</summary>
    /// <param name="count">How many images: the first N of a dataset (null = all), or N samples of a checkpoint (default 10,000).</param>
    /// <param name="size">Resize to this side (datasets only; generated images keep the model's size).</param>
    /// <param name="split">For a cohort: how its subjects are split (null: the default rule).</param>
    public static (torch.Tensor Images, string Description) Load(string source, int? count, int? size, int seed, CohortSplitRule? split = null)
    {
        var loaded = LoadWithIntensity(source, count, size, seed, split);
        return (loaded.Images, loaded.Description);
    }

    /// <summary>As <see cref="Load"/>, plus what −1 and +1 mean in physical units (HU for CT): the visual Turing
    /// test renders real and generated images through one display window.</summary>
    public static LoadedImages LoadWithIntensity(string source, int? count, int? size, int seed, CohortSplitRule? split = null)
    {
        // "fashion-mnist:test" picks the test split (the real-vs-real floor is train vs test).
        int? parity = source.EndsWith(":even", StringComparison.Ordinal) ? 0 : source.EndsWith(":odd", StringComparison.Ordinal) ? 1 : null;
        if (parity is not null)
        {
            source = source[..source.LastIndexOf(':')];
            if (IsRun(source))
                throw new ArgumentException($"'{source}:{(parity == 0 ? "even" : "odd")}': even/odd selects images of a dataset, not samples of a run");
        }
        bool test = source.EndsWith(":test", StringComparison.Ordinal) && Datasets.Names.Contains(source[..^5]);
        if (test) source = source[..^5];
        if (IsRun(source)) return SampleRun(source, count ?? 10_000, seed);
        string name = source switch
        {
            _ when Datasets.Names.Contains(source) || source.StartsWith("folder:", StringComparison.Ordinal) || source.StartsWith("nifti:", StringComparison.Ordinal)
                || source.StartsWith("cohort:", StringComparison.Ordinal) => source,
            _ when Directory.Exists(source) => "folder:" + source,
            _ when source.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) => "nifti:" + source,
            _ => throw new ArgumentException($"'{source}' is neither a dataset ({string.Join(", ", Datasets.Names)}), an image folder, a NIfTI file nor a TidyGan run folder"),
        };
        var options = new DatasetOptions(Size: size ?? (name == "fashion-mnist" ? 28 : 64), Train: !test, Limit: parity is null ? count : null, Seed: seed, Split: split);
        using var set = Datasets.Load(name, options);
        if (set.Count == 0) throw new ArgumentException($"'{source}' holds no images");
        if (parity is { } p)
        {
            // Every other image (slice), then the first `count` of those.
            using var rows = torch.arange(p, set.Count, 2, dtype: torch.int64);
            var picked = set.Images.index_select(0, rows);
            if (count is { } c && c < picked.shape[0]) picked = picked.narrow(0, 0, c);
            if (picked.shape[0] == 0) throw new ArgumentException($"'{source}' has no {(p == 0 ? "even" : "odd")} images");
            return new(picked, $"{picked.shape[0]} {(p == 0 ? "even" : "odd")} images of {name}{(test ? " (test split)" : "")}",
                set.Intensity.Unit, set.Intensity.ToPhysical(-1f), set.Intensity.ToPhysical(1f),
                set.Subjects is null ? set.Geometry : null, Enumerable.Range(0, (int)picked.shape[0]).Select(j => p + 2 * j).ToArray(), set.Count);
        }
        return new(set.Images.clone(), $"{set.Count} images of {name}{(test ? " (test split)" : "")}",
            set.Intensity.Unit, set.Intensity.ToPhysical(-1f), set.Intensity.ToPhysical(1f), set.Subjects is null ? set.Geometry : null);
    }

    /// <summary>
    /// As <see cref="LoadWithIntensity"/>, but for a dataset <paramref name="count"/> images drawn evenly over the WHOLE set
    /// (all slices of the volume or split, not the central ones): the set cut into <paramref name="count"/> equal runs in
    /// order and one image picked at random (seeded) in each, so the picks span the set and the same seed gives the same
    /// picks. The result records which rows were picked (<see cref="LoadedImages.Levels"/>, in the order of the set) and,
    /// for one volume's slices, their geometry. A run/checkpoint folder gives <paramref name="count"/> samples, as before,
    /// with the model's data description (<see cref="LoadedImages.Model"/>).
    /// </summary>
    public static LoadedImages LoadSpread(string source, int count, int size, int seed, CohortSplitRule? split = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "at least one image");
        string bare = source.EndsWith(":even", StringComparison.Ordinal) || source.EndsWith(":odd", StringComparison.Ordinal) ? source[..source.LastIndexOf(':')] : source;
        if (bare == source && IsRun(source)) return SampleRun(source, count, seed);
        // Fashion-MNIST is read at its own 28 px (60,000 images at a large size would not fit in memory), then resized.
        bool fashion = bare is "fashion-mnist" or "fashion-mnist:test";
        var all = LoadWithIntensity(source, null, fashion ? 28 : size, seed, split);
        using var whole = all.Images;
        int total = (int)whole.shape[0];
        if (total < count) throw new ArgumentException($"'{source}': {all.Description} has only {total} images, {count} asked");
        var rows = Evenly(total, count, seed);
        using var index = torch.tensor(rows.Select(r => (long)r).ToArray());
        var picked = whole.index_select(0, index);
        if (fashion && size != 28) { var resized = Resample.Resize(picked, size, size, antialias: true).clamp(-1, 1); picked.Dispose(); picked = resized; }
        return all with
        {
            Images = picked,
            Description = $"{count} of {all.Description}, drawn evenly over the set (seed {seed})",
            Levels = rows.Select(r => all.Levels is { } l ? l[r] : r).ToArray(),
            SetCount = all.SetCount ?? total,
        };
    }

    /// <summary>n of 0…total−1 in increasing order: [0, total) cut into n runs of (nearly) equal length, one row drawn
    /// uniformly (seeded) from each.</summary>
    public static int[] Evenly(int total, int n, int seed)
    {
        if (n < 1 || n > total) throw new ArgumentOutOfRangeException(nameof(n), $"{n} of {total}");
        var random = new Random(seed);
        var rows = new int[n];
        for (int k = 0; k < n; k++)
        {
            int from = (int)((long)k * total / n), to = (int)((long)(k + 1) * total / n);
            rows[k] = from + random.Next(to - from);
        }
        return rows;
    }

    /// <summary><paramref name="count"/> samples of the run at <paramref name="folder"/>, with its data description.</summary>
    private static LoadedImages SampleRun(string folder, int count, int seed)
    {
        using var model = CheckpointLoader.Load<IImageGenerator>(folder, torch.CPU);
        using var random = new torch.Generator((ulong)seed);
        var images = model.Sample(count, random);
        return new(images, $"{count} samples of {model.Manifest.Kind.Name()} at step {model.Manifest.Step} ({model.Folder})",
            model.Data.IntensityUnit, model.Data.IntensityLow, model.Data.IntensityHigh, Model: model.Data);
    }

    /// <summary>Whether <paramref name="source"/> names a TidyGan run/checkpoint folder (sampled) rather than images.</summary>
    public static bool IsRun(string source) => Directory.Exists(source) && LooksLikeRun(source);

    private static bool LooksLikeRun(string folder) =>
        File.Exists(Path.Combine(folder, "checkpoint.json")) || File.Exists(Path.Combine(folder, "checkpoints", "latest"));
}

/// <summary>Images [N, C, H, W] in [−1, 1], where they came from, and the physical values (Unit) of −1 (Low) and +1 (High).
/// Optional: Geometry (one volume's slices: spacing and origin), Levels (the row of each image in its set, e.g. the slice
/// index; null = rows 0…N−1), SetCount (how many images the whole set holds), Model (samples of a model: its training
/// data description, whose Size is the generator's native resolution).</summary>
public sealed record LoadedImages(torch.Tensor Images, string Description, string Unit, double Low, double High,
    SliceGeometry? Geometry = null, IReadOnlyList<int>? Levels = null, int? SetCount = null, DataDescription? Model = null);
