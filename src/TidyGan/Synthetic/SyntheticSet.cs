using TidyGan.IO;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Reports;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Synthetic;

/// <summary>What to draw: how many images of which classes, from which seed, with which latent truncation.</summary>
/// <param name="Count">Images in all (with <paramref name="PerClass"/>: ignored; it is PerClass × classes).</param>
/// <param name="ClassIndex">Conditional models: only this class. Null: cycle through all classes.</param>
/// <param name="PerClass">Conditional models: this many images of every class.</param>
/// <param name="Truncation">Redraw latent entries with |z| above this (the truncation trick, Brock 2019); null = none.</param>
/// <param name="CountsPerClass">Conditional models: this many images of class c (entry c); used by the augment experiment to fill minority classes up.</param>
public sealed record SynthesisRequest(int Count, int? ClassIndex = null, int? PerClass = null, int Seed = 0, double? Truncation = null,
    IReadOnlyList<int>? CountsPerClass = null)
{
    public IReadOnlyList<long>? Labels(int classCount)
    {
        if (classCount == 0)
        {
            if (ClassIndex is not null) throw new ArgumentException("--class: this model is unconditional; it draws unlabelled images, so give only --n");
            if (PerClass is not null) throw new ArgumentException("--per-class: this model is unconditional; it draws unlabelled images, so give only --n");
            return null;
        }
        if (ClassIndex is not null && PerClass is not null) throw new ArgumentException("give --class or --per-class, not both");
        if (CountsPerClass is { } counts)
        {
            if (counts.Count != classCount) throw new ArgumentException($"{counts.Count} per-class counts for a model of {classCount} classes");
            return Enumerable.Range(0, classCount).SelectMany(c => Enumerable.Repeat((long)c, counts[c])).ToArray();
        }
        if (PerClass is { } per) return Enumerable.Range(0, classCount).SelectMany(c => Enumerable.Repeat((long)c, per)).ToArray();
        if (ClassIndex is { } k) return Enumerable.Repeat((long)k, Count).ToArray();
        return Enumerable.Range(0, Count).Select(i => (long)(i % classCount)).ToArray();
    }

    public void Validate()
    {
        if (CountsPerClass is { } counts && (counts.Any(c => c < 0) || counts.Sum() < 1)) throw new ArgumentException("per-class counts must be ≥ 0 and not all 0");
        if (PerClass is null && CountsPerClass is null && Count < 1) throw new ArgumentException($"--n must be ≥ 1, got {Count}");
        if (PerClass is < 1) throw new ArgumentException($"--per-class must be ≥ 1, got {PerClass}");
        if (Truncation is { } t && !(t > 0)) throw new ArgumentException($"--truncation must be positive, got {t}");
    }
}

/// <summary>Synthetic images with the labels they were conditioned on (null for unconditional models), in [−1, 1].</summary>
public sealed record SyntheticImages(Tensor Images, Tensor? Labels) : IDisposable
{
    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}

/// <summary>
/// Draws a labelled synthetic dataset from a trained generator and writes it as PNG class folders, IDX files or a
/// NIfTI stack, with a <see cref="SyntheticManifest"/> that ties it to the checkpoint.
/// </summary>
public static class SyntheticSet
{
    public static readonly string[] Formats = ["png", "idx", "nifti"];
    public const string ImagesIdx = "images-idx3-ubyte";
    public const string LabelsIdx = "labels-idx1-ubyte";
    private const int Chunk = 256;

    /// <summary>
    /// Draws the request. The DC-GAN generator normalises with batch statistics when sampling (see
    /// <see cref="Sampling"/>), and it was trained on batches that mix every class. A batch of one class
    /// only (what "--class 2" or "fill the minority classes" would give) has other statistics, so each
    /// call mixes: the requested labels in a seeded random order, plus as many companion samples cycling
    /// through all classes, which are discarded. The images come back in the requested label order.
    /// </summary>
    public static SyntheticImages Generate(TrainedModel<IImageGenerator> model, SynthesisRequest request, IProgress<int>? progress = null)
    {
        request.Validate();
        var labels = request.Labels(model.Gan.ClassCount);
        int count = labels?.Count ?? request.Count, classes = model.Gan.ClassCount;
        var device = model.Generator.parameters().First().device;
        using var random = new Generator((ulong)request.Seed, device);
        var order = Enumerable.Range(0, count).ToArray();
        if (labels is not null) new Random(StableSeed.Mix(request.Seed, 0x5F)).Shuffle(order);
        Tensor? images = null;
        for (int done = 0; done < count;)
        {
            using var scope = NewDisposeScope();
            int take = Math.Min(Chunk, count - done);
            int companions = labels is null ? Math.Max(0, 64 - take) : Math.Max(take, 64);   // ≥ 64 in all: batch statistics over a reasonable batch
            var latent = Latent(model.Gan, take + companions, random, device, request.Truncation);
            Tensor? y = labels is null ? null
                : tensor(Enumerable.Range(0, take).Select(i => labels[order[done + i]]).Concat(Enumerable.Range(0, companions).Select(i => (long)(i % classes))).ToArray(), device: device);
            var batch = Sampling.Generate(model.Gan, model.Generator, latent, y).narrow(0, 0, take).cpu();
            images ??= zeros(count, batch.shape[1], batch.shape[2], batch.shape[3]).DetachFromDisposeScope();
            images.index_copy_(0, tensor(order.AsSpan(done, take).ToArray().Select(i => (long)i).ToArray()), batch);
            done += take;
            progress?.Report(done);
        }
        return new SyntheticImages(images!, labels is null ? null : tensor(labels.ToArray()));
    }

    /// <summary>z ~ N(0, I), with entries beyond ±truncation redrawn until none is left.</summary>
    public static Tensor Latent(IImageGenerator gan, int count, Generator random, Device device, double? truncation)
    {
        var z = gan.SampleLatent(count, random, device);
        if (truncation is not { } t) return z;
        for (int round = 0; round < 1000; round++)
        {
            using var outside = z.abs().gt(t);
            if (!outside.any().item<bool>()) return z;
            using var fresh = randn(z.shape, generator: random, device: device);
            var next = where(outside, fresh, z);
            z.Dispose();
            z = next;
        }
        throw new ArgumentException($"--truncation {t}: could not draw latents inside ±{t}; use a larger value");
    }

    /// <summary>Writes the set to <paramref name="output"/> (a folder for png/idx, a .nii/.nii.gz file for nifti) with its manifest; returns the manifest.</summary>
    public static SyntheticManifest Write(TrainedModel<IImageGenerator> model, SyntheticImages set, SynthesisRequest request, string format, string output,
        RejectionFilter? rejection = null)
    {
        if (!Formats.Contains(format)) throw new ArgumentException($"--format '{format}' is not one of {string.Join(", ", Formats)}");
        var data = model.Data;
        var classNames = model.Gan.ClassCount == 0 ? new List<string>()
            : Enumerable.Range(0, model.Gan.ClassCount).Select(c => c < data.ClassNames.Count ? data.ClassNames[c] : $"class{c}").ToList();
        long[]? labels = set.Labels?.data<long>().ToArray();
        var (low, high) = data.DisplayRange;
        var outputs = new List<string>();
        string manifestPath;
        switch (format)
        {
            case "png":
                Directory.CreateDirectory(output);
                if (labels is null) { ImageGrid.SaveEach(set.Images, output, "synthetic", low, high); outputs.Add("synthetic_*.png"); }
                else
                    for (int c = 0; c < classNames.Count; c++)
                    {
                        var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Select(i => (long)i).ToArray();
                        if (members.Length == 0) continue;
                        var folder = ClassFolder(c, classNames[c]);
                        using var index = tensor(members);
                        using var images = set.Images.index_select(0, index);
                        ImageGrid.SaveEach(images, Path.Combine(output, folder), "synthetic", low, high);
                        outputs.Add($"{folder}/");
                    }
                manifestPath = Path.Combine(output, SyntheticManifest.FileName);
                break;
            case "idx":
                Directory.CreateDirectory(output);
                var shape = set.Images.shape;
                int[] dims = shape[1] == 1 ? [(int)shape[0], (int)shape[2], (int)shape[3]] : [(int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3]];
                IdxWriter.Write(Path.Combine(output, ImagesIdx), ToBytes(set.Images, low, high), dims);
                outputs.Add(ImagesIdx);
                if (labels is not null)
                {
                    IdxWriter.Write(Path.Combine(output, LabelsIdx), labels.Select(l => (byte)l).ToArray(), labels.Length);
                    outputs.Add(LabelsIdx);
                }
                manifestPath = Path.Combine(output, SyntheticManifest.FileName);
                break;
            default:
                if (!output.EndsWith(".nii", StringComparison.Ordinal) && !output.EndsWith(".nii.gz", StringComparison.Ordinal))
                    throw new ArgumentException($"--out '{output}': --format nifti writes one file; give a name ending in .nii or .nii.gz");
                var directory = Path.GetDirectoryName(Path.GetFullPath(output))!;
                Directory.CreateDirectory(directory);
                SampleStack.Write(set.Images, data, output);
                var stem = Path.GetFileName(output)[..^(output.EndsWith(".gz", StringComparison.Ordinal) ? 7 : 4)];
                outputs.Add(Path.GetFileName(output));
                if (labels is not null)
                {
                    IO.AtomicFile.WriteAllLines(Path.Combine(directory, $"{stem}.labels.txt"), labels.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    outputs.Add($"{stem}.labels.txt");
                }
                manifestPath = Path.Combine(directory, $"{stem}.{SyntheticManifest.FileName}");
                break;
        }
        var counts = labels is null
            ? [new ClassCount(SyntheticManifest.Unlabelled, (int)set.Images.shape[0])]
            : classNames.Select((name, c) => new ClassCount(name, labels.Count(l => l == c))).ToList();
        var manifest = new SyntheticManifest
        {
            ModelKind = model.Manifest.Kind.Name(),
            Checkpoint = model.Folder,
            CheckpointSha256 = SyntheticManifest.HashFolder(model.Folder),
            Step = model.Manifest.Step,
            GeneratorFile = model.UsesEma ? Checkpoint.EmaFile : Checkpoint.GeneratorFile,
            Seed = request.Seed,
            Truncation = request.Truncation,
            OutputFormat = format,
            Dataset = data.Name,
            ClassNames = classNames,
            PerClassCounts = counts,
            Total = (int)set.Images.shape[0],
            Rejection = rejection,
            Outputs = outputs,
        };
        manifest.Write(manifestPath);
        return manifest;
    }

    /// <summary>Reads a set written with --format idx back as an image set (labels and class names from its manifest).</summary>
    public static ImageSet LoadIdx(string folder)
    {
        var manifest = SyntheticManifest.Read(Path.Combine(folder, SyntheticManifest.FileName));
        var images = IdxReader.Read(Path.Combine(folder, ImagesIdx));
        var labelsFile = Path.Combine(folder, LabelsIdx);
        int n = images.Count, channels = images.Shape.Length == 4 ? images.Shape[1] : 1, h = images.Shape[^2], w = images.Shape[^1];
        using var scope = NewDisposeScope();
        var bytes = tensor(images.Data, [n, channels, h, w]);
        var normalised = IdentityScaling.Byte.ToNormalized(bytes.to_type(ScalarType.Float32)).contiguous();
        var labels = File.Exists(labelsFile) ? tensor(IdxReader.Read(labelsFile).Data.Select(b => (long)b).ToArray()) : null;
        return new ImageSet
        {
            Name = $"synthetic:{folder}",
            Images = normalised.MoveToOuterDisposeScope(),
            Labels = labels?.MoveToOuterDisposeScope(),
            ClassNames = manifest.ClassNames,
            Intensity = IdentityScaling.Byte,
        };
    }

    /// <summary>Class sub-folder name: index first so folders sort in class order (an image folder's classes are its sorted sub-folders).</summary>
    public static string ClassFolder(int index, string name) =>
        $"{index:D2}-{string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'))}";

    /// <summary>[−1, 1] → bytes with the display window [low, high] → 0…255 (as the PNG grids).</summary>
    private static byte[] ToBytes(Tensor images, float low, float high)
    {
        using var scope = NewDisposeScope();
        var scaled = images.to(CPU).clamp(low, high).sub(low).mul(255.0 / (high - low)).add(0.5).clamp(0, 255).to_type(ScalarType.Byte).contiguous();
        return scaled.data<byte>().ToArray();
    }
}
