using TidyGan.IO;
using TorchSharp;

namespace TidyGan.Data;

/// <summary>A paired slice set: <see cref="Pairs"/> holds [N, 2, S, S], channel 0 the input (A), channel 1 the target (B),
/// so the batch sampler's shuffle and augmentation (one affine per image, all channels) move both images of a pair together.</summary>
public sealed record PairedSet(ImageSet Pairs, DataDescription Input, DataDescription Target) : IDisposable
{
    public void Dispose() => Pairs.Dispose();
}

/// <summary>
/// Two aligned volumes on one grid (a low-dose and a full-dose reconstruction, or two registered modalities of one head)
/// as paired axial slices: both go through the slicing the other models use (<see cref="VolumeSliceSet"/>: head mask,
/// head-centred square field of view, antialiased resize; CT through the invertible HU window, MR through
/// <see cref="DatasetOptions.MrIntensity"/>). The head mask, slice range and window come from the input (A) alone, as
/// `denoise` will see it, and are applied to both, so slice k of A and of B show the same place.
/// </summary>
public static class PairedSlices
{
    /// <summary>Names a paired model takes: ct-head, mr-head, nifti:PATH, or a volume file (NIfTI, .inv3, DICOM).</summary>
    public static Volume ReadVolume(string name) => name switch
    {
        "ct-head" => Require("ct-head", "invesalius-examples", Datasets.CraniumPath, InVesaliusReader.Read),
        "mr-head" => Require("mr-head", "mricron-data", Datasets.Ch2Path, NiftiReader.Read),
        _ when name.StartsWith("nifti:", StringComparison.Ordinal) => NiftiReader.Read(name["nifti:".Length..]),
        _ when name.StartsWith(CohortSlices.Prefix, StringComparison.Ordinal) =>
            throw new UserException($"{name}: paired models read two aligned volumes (nifti:PATH or a volume file); cohort pairs are not supported yet"),
        _ => VolumeFiles.Read(name),
    };

    public static PairedSet Load(string a, string b, DatasetOptions options) => Build(a, ReadVolume(a), b, ReadVolume(b), options);

    /// <summary>The pairs of two volumes already read; <paramref name="nameA"/>/<paramref name="nameB"/> name them in messages and descriptions.</summary>
    public static PairedSet Build(string nameA, Volume a, string nameB, Volume b, DatasetOptions options)
    {
        if (a.Shape.Length == 4) a = a.Frame(0);
        if (b.Shape.Length == 4) b = b.Frame(0);
        RequireOneGrid(nameA, a, nameB, b);
        var (intensityA, threshold, backgroundA, maskA) = Prepare(a);
        var (intensityB, _, backgroundB, _) = Prepare(b);
        var mask = maskA ?? HeadMask.Compute(a, threshold);
        using var input = VolumeSliceSet.Build(nameA, a, intensityA, threshold, backgroundA, options, mask);
        using var target = VolumeSliceSet.Build(nameB, b, intensityB, threshold, backgroundB, options, mask);
        var pairs = new ImageSet
        {
            Name = $"{nameA} → {nameB}",
            Images = torch.cat([input.Images, target.Images], 1),
            Intensity = intensityB,
            Geometry = target.Geometry,
        };
        return new PairedSet(pairs, DataDescription.Of(input, nameA, options.Limit, options), DataDescription.Of(target, nameB, options.Limit, options));
    }

    /// <summary>One volume's HU window (CT) or MR mapping, head threshold, background and (MR) head mask, as <see cref="Datasets.FromVolume"/>.</summary>
    public static (IIntensityMapping Intensity, float Threshold, float Background, bool[]? Mask) Prepare(Volume volume, MrIntensity mr = MrIntensity.PercentileVolume)
    {
        if (Datasets.LooksLikeCt(volume)) return (HounsfieldWindow.Full, Datasets.CtHeadThresholdHu, -1024f, null);
        var (intensity, threshold, background, mask) = MrPreparation.Prepare(volume, mr);
        return (intensity, threshold, background, mask);
    }

    /// <summary>A clear error unless both volumes have the same shape and affine (to 1e-3 mm).</summary>
    public static void RequireOneGrid(string nameA, Volume a, string nameB, Volume b)
    {
        var (sa, sb) = (a.Shape[..3], b.Shape[..3]);
        if (!sa.SequenceEqual(sb))
            throw new UserException($"{Source(nameA, a)} ({string.Join("×", sa)}) and {Source(nameB, b)} ({string.Join("×", sb)}) are not on one grid: " +
                "a paired model needs aligned volumes of one shape and affine (resample one onto the other first)");
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                if (Math.Abs(a.Affine[r, c] - b.Affine[r, c]) > 1e-3)
                    throw new UserException($"{Source(nameA, a)} and {Source(nameB, b)} have different affines (element [{r},{c}]: {a.Affine[r, c]} vs {b.Affine[r, c]}): " +
                        "a paired model needs aligned volumes on one grid");
    }

    private static string Source(string name, Volume v) => string.IsNullOrEmpty(v.Source) ? name : v.Source;

    private static Volume Require(string dataset, string package, string path, Func<string, Volume> read)
    {
        Datasets.Require(dataset, package, path);
        return read(path);
    }
}
