using TidyGan.Data;

namespace TidyGan.Tests.Data;

/// <summary>
/// Every pydicom test file (and octave-dicom's ankle CT): TidyGan's stored values equal pydicom's pixel_array, its
/// rescaled values equal apply_modality_lut; JPEG/JPEG-LS/JPEG 2000 files are refused naming the syntax and the
/// command that decompresses them; files pydicom cannot decode give a DataFormatException naming the file.
/// </summary>
[Trait(Traits.Category, Traits.PythonReference)]
public sealed class DicomConformanceTests(PydicomReference reference) : IClassFixture<PydicomReference>
{
    public static TheoryData<string> Files() => new(DicomData.ConformanceFiles());

    [Theory]
    [MemberData(nameof(Files))]
    public void PixelsMatchPydicomOrTheErrorIsClear(string file)
    {
        var py = reference[file];
        string name = Path.GetFileName(file);
        DicomFile parsed;
        try { parsed = DicomParser.Read(file); }
        catch (DataFormatException ex)
        {
            // Only files pydicom cannot decode either may fail to parse.
            Assert.False(py.GetProperty("ok").GetBoolean() && py.TryGetProperty("stored", out _), $"{name}: {ex.Message}");
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
            return;
        }
        if (!parsed.Dataset.Contains(DicomTag.PixelData))
        {
            var none = Assert.Throws<DataFormatException>(() => DicomImage.FromFile(parsed));
            Assert.Contains(name, none.Message, StringComparison.Ordinal);
            return;
        }
        if (!parsed.TransferSyntax.Decodable)
        {
            var refused = Assert.Throws<DataFormatException>(() => DicomImage.FromFile(parsed));
            Assert.Contains(name, refused.Message, StringComparison.Ordinal);
            Assert.Contains(parsed.TransferSyntax.Name, refused.Message, StringComparison.Ordinal);
            Assert.Matches("dcmdjpeg|dcmdjpls|gdcmconv --raw", refused.Message);
            return;
        }
        if (!py.TryGetProperty("stored", out var storedNpy))
        {
            var broken = Assert.Throws<DataFormatException>(() => DicomImage.FromFile(parsed));
            Assert.Contains(name, broken.Message, StringComparison.Ordinal);
            return;
        }
        var image = DicomImage.FromFile(parsed);
        var expected = DicomData.Column(storedNpy.GetString()!);
        var actual = image.Pixels.StoredValues();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (expected[i] != actual[i]) Assert.Fail($"{name}: stored value {i} is {actual[i]}, pydicom {expected[i]}");

        if (py.TryGetProperty("rescaled", out var rescaledNpy) && image.Pixels.Samples == 1 && image.Pixels.Photometric != "MONOCHROME1")
        {
            var rescaled = DicomData.Column(rescaledNpy.GetString()!);
            // pydicom's modality LUT leaves RT Dose in stored units; TidyGan gives Gy (× DoseGridScaling, DicomRtDoseTests).
            if (image.DoseGridScaling is double dose) rescaled = rescaled.Select(v => v * dose).ToArray();
            int frameSize = image.Pixels.Rows * image.Pixels.Columns;
            for (int f = 0; f < image.Pixels.Frames; f++)
            {
                var frame = image.Frame(f);
                for (int p = 0; p < frameSize; p++)
                    if (frame[p] != (float)rescaled[f * frameSize + p]) Assert.Fail($"{name}: rescaled value {f}/{p} is {frame[p]}, pydicom {rescaled[f * frameSize + p]}");
            }
        }
    }

    [Fact]
    public void CtSmallIsHounsfieldWithItsPatientAndStudy()
    {
        var s = DicomSeriesReader.Read(DicomData.PydicomFiles + "CT_small.dcm");
        Assert.Equal(IntensityKind.Hounsfield, s.Volume.Kind);
        Assert.Equal("CT", s.Info.Modality);
        Assert.Equal("CompressedSamples^CT1", s.Info.Patient["PatientName"]);
        Assert.True(s.Info.Study.ContainsKey("StudyDate"));
        Assert.Equal([128, 128, 1], s.Volume.Shape);
    }

    [Fact]
    public void ColourImagesBecomeGreyWithAWarning()
    {
        var s = DicomSeriesReader.Read(DicomData.PydicomFiles + "SC_rgb_rle_2frame.dcm");
        Assert.Contains(s.Warnings, w => w.Contains("converted to grey", StringComparison.Ordinal));
        Assert.Equal(2, s.Volume.SizeZ);
    }

    /// <summary>MONOCHROME1 (smallest value white) is turned round so that larger values are brighter, as in every other
    /// image TidyGan trains on: stored v becomes lo + hi − v over the range Bits Stored can hold, with a warning.
    /// (dcm2niix 1.0.20220720 keeps the stored values; pydicom's pixel_array does too.)</summary>
    [Fact]
    public void Monochrome1IsInvertedWithAWarning()
    {
        using var dir = new TempDir();
        var file = dir.File("m1.dcm");
        var stored = DicomData.Python("""
            import sys, json, pydicom
            ds = pydicom.dcmread(sys.argv[1]); ds.PhotometricInterpretation = 'MONOCHROME1'; ds.save_as(sys.argv[2])
            p = ds.pixel_array
            print(json.dumps({'first': int(p[0, 0]), 'min': int(p.min()), 'max': int(p.max()), 'bits': int(ds.BitsStored), 'signed': int(ds.PixelRepresentation)}))
            """, DicomData.PydicomFiles + "MR_small.dcm", file);
        var s = DicomSeriesReader.Read(file);
        Assert.Contains(s.Warnings, w => w.Contains("MONOCHROME1 inverted", StringComparison.Ordinal));
        int bits = stored.GetProperty("bits").GetInt32();
        var (lo, hi) = stored.GetProperty("signed").GetInt32() == 1 ? (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) : (0, (1 << bits) - 1);
        var v = s.Volume;
        Assert.Equal(lo + hi - stored.GetProperty("min").GetInt32(), v.Voxels.Max());
        Assert.Equal(lo + hi - stored.GetProperty("max").GetInt32(), v.Voxels.Min());
        Assert.Equal(lo + hi - stored.GetProperty("first").GetInt32(), v[0, v.SizeY - 1, 0]);   // DICOM row 0 is voxel y = ny − 1
    }
}
