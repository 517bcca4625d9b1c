using TorchSharp;

namespace TidyGan.Data;

/// <summary>
/// Named datasets (DESIGN.md §2), all from Debian packages, nothing downloaded:
/// fashion-mnist, ct-head (InVesalius Cranium), mr-head (Colin27 ch2), folder:PATH, nifti:PATH, and your own
/// cohort:PATH[:MODALITY][@SPLIT] (see <see cref="Cohort"/> and <see cref="CohortSlices"/>).
/// </summary>
public static class Datasets
{
    public const string FashionMnistDir = "/usr/share/datasets/fashion-mnist/";
    public const string CraniumPath = "/usr/share/doc/invesalius-examples/examples/Cranium.inv3";
    public const string Ch2Path = "/usr/share/mricron/templates/ch2.nii.gz";

    /// <summary>Fashion-MNIST's class names, in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>CT head threshold (HU): soft tissue is > −100, the foam/air of the head-rest well below.</summary>
    public const float CtHeadThresholdHu = -500f;

    private static string[] FashionFiles(bool train)
    {
        string split = train ? "train" : "t10k";
        return [$"{FashionMnistDir}{split}-images-idx3-ubyte.gz", $"{FashionMnistDir}{split}-labels-idx1-ubyte.gz"];
    }

    public static IReadOnlyList<string> Names { get; } = ["fashion-mnist", "ct-head", "mr-head", "folder:PATH", "nifti:PATH", "cohort:PATH[:MODALITY][@SPLIT]"];

    public static ImageSet Load(string name, DatasetOptions? options = null)
    {
        options ??= DatasetOptions.Default;
        if (options.Size <= 0) throw new ArgumentOutOfRangeException(nameof(options), "Size must be positive");
        if (options.Channels is not (null or 1 or 3)) throw new ArgumentOutOfRangeException(nameof(options), "Channels must be 1 or 3");
        if (name.StartsWith("folder:", StringComparison.Ordinal)) return ImageFolder.Load(name, name["folder:".Length..], options);
        if (name.StartsWith("nifti:", StringComparison.Ordinal)) return LoadNifti(name, name["nifti:".Length..], options);
        if (name.StartsWith(CohortSlices.Prefix, StringComparison.Ordinal)) return CohortSlices.Load(name, options);
        return name switch
        {
            "fashion-mnist" => LoadFashionMnist(options),
            "ct-head" => LoadCtHead(options),
            "mr-head" => LoadMrHead(options),
            _ => throw new ArgumentException($"unknown dataset '{name}'; valid names: {string.Join(", ", Names)}", nameof(name)),
        };
    }

    /// <summary>
    /// <see cref="Load(string, DatasetOptions?)"/>, passing to <paramref name="warn"/> what the loaders only record: a
    /// cohort's slice-cache warnings (stale or corrupt entries rebuilt) and the warnings of the DICOM series read.
    /// </summary>
    public static ImageSet Load(string name, DatasetOptions? options, Action<string>? warn)
    {
        if (warn is null) return Load(name, options);
        using var dicom = DicomSeriesReader.ReportWarningsTo(warn);
        return name.StartsWith(CohortSlices.Prefix, StringComparison.Ordinal)
            ? CohortSlices.Load(name, options ?? DatasetOptions.Default, SliceCache.For(CohortSlices.ParseName(name).Path, warn))
            : Load(name, options);
    }

    public static void Require(string dataset, string package, params string[] files)
    {
        foreach (var f in files)
            if (!File.Exists(f)) throw new MissingDataPackageException(dataset, package, f);
    }

    private static ImageSet LoadFashionMnist(DatasetOptions o)
    {
        var files = FashionFiles(o.Train);
        Require("fashion-mnist", "dataset-fashion-mnist", files);
        var images = IdxReader.Read(files[0]);
        var labels = IdxReader.Read(files[1]);
        int n = Math.Min(images.Count, o.Limit ?? int.MaxValue);
        int h = images.Shape[1], w = images.Shape[2];
        var intensity = IdentityScaling.Byte;
        using var scope = torch.NewDisposeScope();
        var bytes = torch.tensor(images.Data.AsSpan(0, n * h * w).ToArray(), [n, 1, h, w]);
        var t = intensity.ToNormalized(bytes.to_type(torch.ScalarType.Float32));
        if (o.Size != h || o.Size != w) t = Resample.Resize(t, o.Size, o.Size, antialias: true).clamp(-1, 1);
        t = ImageFolder.ToChannels(t, o.Channels ?? 1).contiguous();
        var l = torch.tensor(labels.Data.AsSpan(0, n).ToArray().Select(b => (long)b).ToArray());
        return new ImageSet
        {
            Name = "fashion-mnist",
            Images = t.MoveToOuterDisposeScope(),
            Labels = l.MoveToOuterDisposeScope(),
            ClassNames = FashionMnistClasses,
            Intensity = intensity,
        };
    }

    private static ImageSet LoadCtHead(DatasetOptions o)
    {
        Require("ct-head", "invesalius-examples", CraniumPath);
        var volume = InVesaliusReader.Read(CraniumPath);
        return VolumeSliceSet.Build("ct-head", volume, HounsfieldWindow.Full, CtHeadThresholdHu, -1024f, o);
    }

    private static ImageSet LoadMrHead(DatasetOptions o)
    {
        Require("mr-head", "mricron-data", Ch2Path);
        var volume = NiftiReader.Read(Ch2Path);
        return FromMr("mr-head", volume, o);
    }

    private static ImageSet FromMr(string name, Volume volume, DatasetOptions o)
    {
        // Head = brighter than 10% of the robust maximum; the mapping per o.MrIntensity; the background → −1.
        var (intensity, threshold, background, mask) = MrPreparation.Prepare(volume, o.MrIntensity);
        return VolumeSliceSet.Build(name, volume, intensity, threshold, background, o, mask);
    }

    private static ImageSet LoadNifti(string name, string path, DatasetOptions o) => FromVolume(name, NiftiReader.Read(path), o);

    /// <summary>
    /// nifti:PATH's rule for one volume (also each subject volume of a cohort): the first frame of a 4-D volume; CT (when
    /// <paramref name="ct"/> says so, or by <see cref="LooksLikeCt"/> when it is null) → ct-head's HU window and head
    /// threshold; otherwise MR → <see cref="DatasetOptions.MrIntensity"/> (default: per-volume percentile scaling).
    /// </summary>
    public static ImageSet FromVolume(string name, Volume volume, DatasetOptions o, bool? ct = null)
    {
        if (volume.Shape.Length == 4) volume = volume.Frame(0);
        return ct ?? LooksLikeCt(volume)
            ? VolumeSliceSet.Build(name, volume.WithVoxels(volume.Voxels, IntensityKind.Hounsfield), HounsfieldWindow.Full, CtHeadThresholdHu, -1024f, o)
            : FromMr(name, volume, o);
    }

    /// <summary>
    /// Heuristic for NIfTI files (which do not record the modality): Hounsfield when the kind says so, or when
    /// air (≤ −900) and bone (≥ 300) are both present.
    /// </summary>
    public static bool LooksLikeCt(Volume v)
    {
        if (v.Kind == IntensityKind.Hounsfield) return true;
        if (v.Kind != IntensityKind.Unknown) return false;
        var (min, max, _) = v.Statistics();
        return min <= -900 && max >= 300;
    }

    public static IReadOnlyList<DatasetInfo> List()
    {
        DatasetInfo Package(string name, string description, string package, string[] files, Func<int>? count)
        {
            bool installed = files.All(File.Exists);
            long size = files.Where(File.Exists).Sum(f => new FileInfo(f).Length);
            int? n = null;
            if (installed && count is not null)
                try { n = count(); } catch (Exception e) when (e is IOException or DataFormatException) { }
            return new DatasetInfo(name, description, package, files, installed, size, n);
        }

        var train = FashionFiles(true);
        var test = FashionFiles(false);
        return
        [
            Package("fashion-mnist", "Zalando Fashion-MNIST: 28x28 grey clothing, 10 classes, 60000 train + 10000 test",
                "dataset-fashion-mnist", [.. train, .. test], () => IdxCount(train[1]) + IdxCount(test[1])),
            Package("ct-head", "InVesalius Cranium head CT (HU), axial slices 256x256 at 0.96 mm, 108 slices",
                "invesalius-examples", [CraniumPath], null),
            Package("mr-head", "Colin27 (ch2) T1-weighted MR of a whole head, 181x217x181 at 1 mm, axial slices",
                "mricron-data", [Ch2Path], null),
            new DatasetInfo("folder:PATH", "an image folder: sub-folders are classes; PNG 8/16-bit grey or RGB, JPEG", null, [], true, 0, null),
            new DatasetInfo("nifti:PATH", "any NIfTI-1/2 volume, axial slices; HU window if it looks like CT, else percentiles", null, [], true, 0, null),
            new DatasetInfo("cohort:PATH[:MODALITY][@SPLIT]", "your own subjects (folder of subject folders or a CSV/TSV manifest): one modality's axial slices of one split (default train)", null, [], true, 0, null),
        ];
    }

    /// <summary>Item count from an IDX header without reading the data.</summary>
    private static int IdxCount(string path)
    {
        using var s = DataStreams.OpenRead(path);
        var head = new byte[8];
        if (DataStreams.ReadFully(s, head, path) < 8) throw new DataFormatException(path, "dims", "truncated");
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(4));
    }
}
