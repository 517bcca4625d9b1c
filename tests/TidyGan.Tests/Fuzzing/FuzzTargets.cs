using System.Buffers.Binary;
using System.Text;
using TidyGan.Data;
using TidyGan.Export;
using TidyGan.IO;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.Fuzzing;

/// <summary>
/// Every reader under fuzz, with real seed files from Debian packages (nibabel's and pydicom's test data,
/// mricron-data, fashion-mnist, invesalius-examples, scikit-image's PNGs), cut small where the real file
/// is too large to mutate quickly. Seeds are built once per test run.
/// </summary>
internal static class FuzzTargets
{
    private const string SkimageData = "/usr/lib/python3/dist-packages/skimage/data/";
    private const string PydicomData = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";

    // NIfTI-1: sizeof_hdr, dim[0..7], datatype, bitpix, vox_offset, scl_slope, qform/sform codes, magic.
    private static readonly int[] Nifti1Fields = [0, 40, 42, 44, 46, 48, 50, 70, 72, 108, 112, 252, 254, 344];
    // NIfTI-2: sizeof_hdr, datatype, dim[0..7], vox_offset, scl_slope.
    private static readonly int[] Nifti2Fields = [0, 12, 14, 16, 24, 32, 40, 48, 56, 168, 176];

    public static FuzzTarget Nifti => new()
    {
        Name = "nifti",
        Seeds = NiftiSeeds.Value,
        Read = path => NiftiReader.Read(path),
    };

    public static FuzzTarget NiftiPair => new()
    {
        Name = "nifti-pair",
        Seeds = NiftiPairSeeds.Value,
        Read = path => NiftiReader.Read(path),
    };

    public static FuzzTarget Idx => new()
    {
        Name = "idx",
        Seeds = IdxSeeds.Value,
        Read = path => IdxReader.Read(path),
    };

    public static FuzzTarget InVesalius => new()
    {
        Name = "inv3",
        Seeds = InVesaliusSeeds.Value,
        Read = path => InVesaliusReader.Read(path),
    };

    public static FuzzTarget Png => new()
    {
        Name = "png",
        Seeds = PngSeeds.Value,
        Read = path => PngIO.Read(path),
    };

    public static FuzzTarget Npy => new()
    {
        Name = "npy",
        Seeds = NpySeeds.Value,
        Read = path => TidyGan.IO.Npy.ReadMatrix(path),
    };

    public static FuzzTarget Dicom => new()
    {
        Name = "dicom",
        Seeds = DicomSeeds.Value,
        Read = path => DicomSeriesReader.Read(path),
    };

    public static FuzzTarget SafeTensors => new()
    {
        Name = "safetensors",
        Seeds = WeightSeeds.Value.Where(s => s.ReadName.EndsWith(".safetensors", StringComparison.Ordinal)).ToList(),
        Read = path => SafeTensorsFile.Read(path).Tensors.Dispose(),
    };

    public static FuzzTarget PyTorch => new()
    {
        Name = "pth",
        Seeds = WeightSeeds.Value.Where(s => s.ReadName.EndsWith(".pth", StringComparison.Ordinal)).ToList(),
        Read = path => PyTorchFile.Read(path).Dispose(),
    };

    public static readonly string[] Names = ["nifti", "nifti-pair", "idx", "inv3", "png", "npy", "dicom", "safetensors", "pth", "checkpoint"];

    /// <summary>The target of that name; its seeds are built on first use.</summary>
    public static FuzzTarget Get(string name) => name switch
    {
        "nifti" => Nifti, "nifti-pair" => NiftiPair, "idx" => Idx, "inv3" => InVesalius, "png" => Png, "npy" => Npy,
        "dicom" => Dicom, "safetensors" => SafeTensors, "pth" => PyTorch, "checkpoint" => FuzzCheckpoint.Target,
        _ => throw new ArgumentException(name),
    };

    private static readonly Lazy<List<FuzzSeed>> NiftiSeeds = new(() =>
    {
        var seeds = new List<FuzzSeed>
        {
            Real("anatomical.nii", RealData.NibabelData + "anatomical.nii", Nifti1Fields),
            Real("functional.nii", RealData.NibabelData + "functional.nii", Nifti1Fields),
            Real("standard.nii.gz", RealData.NibabelData + "standard.nii.gz", Nifti1Fields),
            Real("example_nifti2.nii.gz", RealData.NibabelData + "example_nifti2.nii.gz", Nifti2Fields),
        };
        // mricron's ch2 is 7 MB unpacked: its real header and first two axial slices keep each input fast.
        var ch2 = FuzzEnvelopes.Gunzip(File.ReadAllBytes(RealData.Ch2));
        long slice = 181L * 217;
        var head = ch2.AsSpan(0, (int)(352 + 2 * slice)).ToArray();
        BinaryPrimitives.WriteInt16LittleEndian(head.AsSpan(46), 2);                 // dim[3] = 2
        seeds.Add(FuzzSeed.One("ch2 (2 slices)", "ch2.nii.gz", FuzzEnvelopes.Gzip(head), Nifti1Fields));
        return seeds;
    });

    /// <summary>nibabel's anatomical.nii split into an Analyze-style pair (magic ni1, data in the .img).</summary>
    private static readonly Lazy<List<FuzzSeed>> NiftiPairSeeds = new(() =>
    {
        var nii = File.ReadAllBytes(RealData.NibabelData + "anatomical.nii");
        float offset = BinaryPrimitives.ReadSingleLittleEndian(nii.AsSpan(108));
        var hdr = nii.AsSpan(0, 348).ToArray();
        "ni1\0"u8.CopyTo(hdr.AsSpan(344));
        BinaryPrimitives.WriteSingleLittleEndian(hdr.AsSpan(108), 0);
        var img = nii.AsSpan((int)offset).ToArray();
        return
        [
            new("anatomical.hdr/.img", new Dictionary<string, byte[]> { ["pair.hdr"] = hdr, ["pair.img"] = img }, "pair.hdr", Nifti1Fields),
            new("anatomical.hdr/.img.gz", new Dictionary<string, byte[]> { ["gzpair.hdr"] = hdr, ["gzpair.img.gz"] = FuzzEnvelopes.Gzip(img) }, "gzpair.hdr", Nifti1Fields),
        ];
    });

    private static readonly Lazy<List<FuzzSeed>> IdxSeeds = new(() =>
    {
        var labels = File.ReadAllBytes(RealData.FashionMnist + "t10k-labels-idx1-ubyte.gz");
        // The first 16 images of the test set, with the count field set to match.
        var images = FuzzEnvelopes.Gunzip(File.ReadAllBytes(RealData.FashionMnist + "t10k-images-idx3-ubyte.gz"));
        var slice = images.AsSpan(0, 16 + 16 * 28 * 28).ToArray();
        BinaryPrimitives.WriteInt32BigEndian(slice.AsSpan(4), 16);
        int[] fields = [0, 2, 3, 4, 8, 12];
        return
        [
            FuzzSeed.One("t10k-labels (gz)", "labels-idx1-ubyte.gz", labels, fields),
            FuzzSeed.One("t10k-images, 16 (gz)", "images-idx3-ubyte.gz", FuzzEnvelopes.Gzip(slice), fields),
            FuzzSeed.One("t10k-images, 16", "images-idx3-ubyte", slice, fields),
        ];
    });

    /// <summary>Cranium.inv3 cut to 2 × 16 × 16 voxels of its real CT, with its real main.plist (shape edited) and a mask plist.</summary>
    private static readonly Lazy<List<FuzzSeed>> InVesaliusSeeds = new(() =>
    {
        var entries = FuzzEnvelopes.Untar(FuzzEnvelopes.Gunzip(File.ReadAllBytes(RealData.Cranium)));
        var main = entries.First(e => e.Name.EndsWith("main.plist", StringComparison.Ordinal));
        var mask = entries.First(e => e.Name.EndsWith("mask_0.plist", StringComparison.Ordinal));
        var matrix = entries.First(e => e.Name.EndsWith("matrix.dat", StringComparison.Ordinal));
        string plist = System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(main.Data),
            @"<integer>108</integer>(\s*)<integer>256</integer>(\s*)<integer>256</integer>", "<integer>2</integer>$1<integer>16</integer>$2<integer>16</integer>");
        if (!plist.Contains("<integer>16</integer>", StringComparison.Ordinal)) throw new InvalidOperationException("Cranium's main.plist changed layout");
        var small = new byte[2 * 16 * 16 * 2];
        for (int z = 0; z < 2; z++)
            for (int y = 0; y < 16; y++)
                matrix.Data.AsSpan(((54 + z) * 256 * 256 + (120 + y) * 256 + 120) * 2, 32).CopyTo(small.AsSpan((z * 16 + y) * 32));
        var tar = FuzzEnvelopes.Tar([(main.Name, Encoding.UTF8.GetBytes(plist)), (mask.Name, mask.Data), (matrix.Name, small)]);
        return [FuzzSeed.One("Cranium (2x16x16)", "cranium.inv3", FuzzEnvelopes.Gzip(tar))];
    });

    private static readonly Lazy<List<FuzzSeed>> PngSeeds = new(() =>
    {
        var seeds = new[] { "chessboard_GRAY.png", "chessboard_RGB.png", "palette_gray.png", "palette_color.png", "green_palette.png", "checker_bilevel.png", "foo3x5x4indexed.png" }
            .Select(n => Real(n, SkimageData + n, 8, 16, 20, 24, 25, 28)).ToList();
        using var dir = new TempDir();
        var grey16 = new ushort[12 * 10];
        for (int i = 0; i < grey16.Length; i++) grey16[i] = (ushort)(i * 500);
        PngIO.Write16(dir.File("grey16.png"), grey16, 12, 10);
        seeds.Add(Real("grey16.png (PngIO)", dir.File("grey16.png"), 8, 16, 20, 24, 25, 28));
        return seeds;
    });

    private static readonly Lazy<List<FuzzSeed>> NpySeeds = new(() =>
    {
        using var dir = new TempDir();
        var m = new double[5, 3];
        for (int i = 0; i < 5; i++) for (int j = 0; j < 3; j++) m[i, j] = i - 0.5 * j;
        TidyGan.IO.Npy.Write(dir.File("f8.npy"), m);
        TidyGan.IO.Npy.Write(dir.File("f4.npy"), m, NpyType.Float32);
        return [Real("5x3 <f8", dir.File("f8.npy"), 6, 7, 8), Real("5x3 <f4", dir.File("f4.npy"), 6, 7, 8)];
    });

    private static readonly Lazy<List<FuzzSeed>> DicomSeeds = new(() =>
        new[] { "CT_small.dcm", "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm", "MR_small_RLE.dcm", "image_dfl.dcm", "rtdose_1frame.dcm", "no_meta.dcm" }
            .Select(n => Real(n, PydicomData + n, 128, 132, 136, 140, 144)).ToList());

    /// <summary>A small real network's weights as safetensors and as a torch.save zip.</summary>
    private static readonly Lazy<List<FuzzSeed>> WeightSeeds = new(() =>
    {
        using var dir = new TempDir();
        using var gan = TidyGan.Tests.Training.TinyData.Gan("dcgan");
        using var state = new StateDict();
        foreach (var (name, tensor) in gan.Discriminator.state_dict()) state.Add(name, tensor);
        SafeTensorsFile.Write(dir.File("d.safetensors"), state, new Dictionary<string, string> { ["format"] = "pt" });
        PyTorchFile.Write(dir.File("d.pth"), state);
        return [Real("discriminator.safetensors", dir.File("d.safetensors"), 0, 4), Real("discriminator.pth", dir.File("d.pth"))];
    });

    private static FuzzSeed Real(string name, string path, params int[] fields) =>
        FuzzSeed.One(name, Path.GetFileName(path).Replace(" ", "", StringComparison.Ordinal), File.ReadAllBytes(path), fields);
}
