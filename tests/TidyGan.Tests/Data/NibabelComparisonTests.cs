using System.Buffers.Binary;
using System.Text.Json;
using TidyGan.Data;

namespace TidyGan.Tests.Data;

/// <summary>DataInfo's numbers against Debian's nibabel on real files and on synthetic headers.</summary>
[Trait(Traits.Category, Traits.Slow)]
public class NibabelComparisonTests
{
    private const string Script = """
        import json, sys, numpy as np, nibabel as nib
        out = []
        for f in sys.argv[1:]:
            i = nib.load(f); d = np.asarray(i.get_fdata(dtype=np.float64))
            out.append({'shape': list(i.shape), 'zooms': [float(z) for z in i.header.get_zooms()],
                        'affine': i.affine.tolist(), 'min': float(d.min()), 'max': float(d.max()), 'mean': float(d.mean())})
        print(json.dumps(out))
        """;

    public static TheoryData<string> RealFiles() => new()
    {
        RealData.Ch2, RealData.Ch2Bet, RealData.Aal,
        RealData.NibabelData + "anatomical.nii", RealData.NibabelData + "example4d.nii.gz", RealData.NibabelData + "example_nifti2.nii.gz",
    };

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [MemberData(nameof(RealFiles))]
    public void RealFilesMatchNibabel(string file) => AssertMatches(file, Python.Json(Script, file)[0]);

    /// <summary>Headers exercising nibabel's affine choice: sform, qform with qfac −1/0, no codes (Analyze base), scaling.</summary>
    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void SyntheticHeadersMatchNibabel()
    {
        using var dir = new TempDir();
        var values = Enumerable.Range(0, 5 * 4 * 3).Select(i => (float)(i * 3 - 50)).ToArray();
        var affine = TestVolumes.ObliqueAffine();
        NiftiWriter.Write(dir.File("base.nii"), new Volume(values, [5, 4, 3], affine, sourceDataType: NiftiDataType.Int16));
        var clean = File.ReadAllBytes(dir.File("base.nii"));
        var variants = new Dictionary<string, Action<byte[]>>
        {
            ["sform.nii"] = _ => { },
            ["qform.nii"] = b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(254), 0),
            ["qfac0.nii"] = b => { BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(254), 0); BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(76), 0); },
            ["nocodes.nii"] = b => { BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(252), 0); BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(254), 0); },
            ["negpix.nii"] = b => { BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(254), 0); BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(84), -2f); },
            ["scaled.nii"] = b => { BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(112), 0.25f); BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(116), -3.5f); },
        };
        var files = new List<string>();
        foreach (var (name, change) in variants)
        {
            var b = (byte[])clean.Clone();
            change(b);
            File.WriteAllBytes(dir.File(name), b);
            files.Add(dir.File(name));
        }
        var reference = Python.Json(Script, [.. files]);
        for (int i = 0; i < files.Count; i++) AssertMatches(files[i], reference[i]);
    }

    private static void AssertMatches(string file, JsonElement py)
    {
        var d = DataInfo.Describe(file);
        Assert.Equal(py.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), d.Shape);
        var zooms = py.GetProperty("zooms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(zooms.Length, d.Spacing.Length);
        for (int i = 0; i < zooms.Length; i++) Assert.Equal(zooms[i], d.Spacing[i], 1e-6);
        var rows = py.GetProperty("affine").EnumerateArray().ToArray();
        for (int r = 0; r < 4; r++)
        {
            var cols = rows[r].EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int c = 0; c < 4; c++) Assert.True(Math.Abs(cols[c] - d.Affine[r, c]) <= 1e-5, $"{Path.GetFileName(file)} affine[{r},{c}]: nibabel {cols[c]}, TidyGan {d.Affine[r, c]}");
        }
        Assert.Equal(py.GetProperty("min").GetDouble(), d.Min, 1e-6);
        Assert.Equal(py.GetProperty("max").GetDouble(), d.Max, 1e-6);
        double mean = py.GetProperty("mean").GetDouble();
        Assert.True(Math.Abs(mean - d.Mean) <= 1e-6 * Math.Max(1, Math.Abs(mean)), $"mean: nibabel {mean}, TidyGan {d.Mean}");
        using var json = JsonDocument.Parse(d.ToJson());
        Assert.Equal(d.Shape.Length, json.RootElement.GetProperty("shape").GetArrayLength());
    }
}
