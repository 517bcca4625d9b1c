using TidyGan.Data;

namespace TidyGan.Tests.Data;

/// <summary>
/// Series written by pydicom from a 32×40×12 crop of the ch2 MR (shuffled file names and instance numbers) are
/// assembled with dcm2niix's affine (1e-4 mm) and voxel values; broken series are clear errors.
/// </summary>
[Trait(Traits.Category, Traits.PythonReference)]
public sealed class DicomSeriesTests
{
    internal const string MakeSeries = """
        import sys, os, random
        import numpy as np, nibabel as nib, pydicom
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, generate_uid
        out, orient, defect, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        os.makedirs(out, exist_ok=True)
        rng = random.Random(seed)
        vol = np.asarray(nib.load('/usr/share/mricron/templates/ch2.nii.gz').dataobj)[70:102, 90:130, 80:92].astype(np.int16)
        n = vol.shape[2]
        if orient == 'axial': r, c = np.array([1., 0, 0]), np.array([0., 1, 0])
        elif orient == 'sagittal': r, c = np.array([0., 1, 0]), np.array([0., 0, -1])
        else:
            a, b = 0.3, 0.2
            r = np.array([np.cos(a), np.sin(a), 0.])
            c = np.array([-np.sin(a) * np.cos(b), np.cos(a) * np.cos(b), np.sin(b)])
        normal = np.cross(r, c)
        origin = np.array([-20.5, 13.25, 40.0])
        series, study, frame = generate_uid(), generate_uid(), generate_uid()
        names = list(range(n)); rng.shuffle(names)
        for k in range(n):
            if defect == 'missing' and k == 5: continue
            pix = vol[:, :, k].T.copy()
            pos = origin + k * 1.5 * normal
            if defect == 'tilt': pos = pos + k * 0.4 * c
            if defect == 'mixed' and k == 7: pix = pix[:-2, :]
            iop = list(r) + list(c)
            if defect == 'orient' and k == 3: iop = [0., 1, 0, 0, 0, -1] if orient == 'axial' else [1., 0, 0, 0, 1, 0]
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
            meta.MediaStorageSOPInstanceUID = generate_uid()
            meta.TransferSyntaxUID = ImplicitVRLittleEndian if k % 2 else ExplicitVRLittleEndian
            ds = Dataset(); ds.file_meta = meta; ds.is_little_endian = True; ds.is_implicit_VR = bool(k % 2)
            ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
            ds.Modality = 'CT'; ds.SeriesDescription = 'ch2 crop ' + orient; ds.PatientName = 'Test^Ch2'; ds.PatientID = 'CH2'
            ds.PatientBirthDate = '19700101'; ds.PatientSex = 'O'; ds.StudyDate = '20240102'; ds.StudyTime = '101010'
            ds.StudyID = '7'; ds.AccessionNumber = 'A1'; ds.ReferringPhysicianName = 'Ref^Doc'; ds.StudyDescription = 'phantom'
            ds.StudyInstanceUID = study; ds.SeriesInstanceUID = series; ds.FrameOfReferenceUID = frame
            ds.SeriesNumber = 3; ds.InstanceNumber = names[k] + 1
            ds.ImageOrientationPatient = [float(f'{v:.8f}') for v in iop]
            ds.ImagePositionPatient = [float(f'{v:.6f}') for v in pos]
            ds.PixelSpacing = [1.1, 0.9]
            ds.SliceThickness = 1.5
            ds.Rows, ds.Columns = pix.shape
            ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'
            ds.BitsAllocated = 16; ds.BitsStored = 16; ds.HighBit = 15; ds.PixelRepresentation = 1
            ds.RescaleIntercept = -1024; ds.RescaleSlope = 1; ds.RescaleType = 'HU'
            ds.PixelData = pix.astype('<i2').tobytes()
            sub = os.path.join(out, 'a' if k % 3 else 'b')
            os.makedirs(sub, exist_ok=True)
            ds.save_as(os.path.join(sub, f'img{names[k] * 7919 % 1000:03d}.dcm'), write_like_original=False)
        print('{}')
        """;

    private const string LoadNifti = """
        import sys, json, numpy as np, nibabel as nib
        im = nib.load(sys.argv[1])
        np.save(sys.argv[2], np.asarray(im.get_fdata(), np.float64).reshape(-1, 1, order='F'))
        print(json.dumps({'affine': im.affine.tolist(), 'shape': list(im.shape)}))
        """;

    private static string Write(TempDir dir, string orient, string defect = "none")
    {
        var folder = dir.File(orient + "-" + defect);
        DicomData.Python(MakeSeries, folder, orient, defect, "1");
        return folder;
    }

    [Theory]
    [InlineData("axial")]
    [InlineData("sagittal")]
    [InlineData("oblique")]
    public void SeriesMatchesDcm2niix(string orient)
    {
        using var dir = new TempDir();
        var folder = Write(dir, orient);
        var series = DicomSeriesReader.Read(folder);
        var v = series.Volume;
        AssertLikeDcm2niix(dir, folder, v);

        Assert.Equal(IntensityKind.Hounsfield, v.Kind);
        Assert.Equal("Test^Ch2", series.Info.Patient["PatientName"]);
        Assert.Equal("19700101", series.Info.Patient["PatientBirthDate"]);
        Assert.Equal("A1", series.Info.Study["AccessionNumber"]);
        Assert.Equal("Ref^Doc", series.Info.Study["ReferringPhysicianName"]);
        Assert.Equal("ch2 crop " + orient, series.Info.SeriesDescription);
        Assert.Equal(12, series.Files.Count);

        // Every verb that reads volumes goes through VolumeFiles.
        Assert.Equal(v.Voxels, VolumeFiles.Read(folder).Voxels);
        var described = Assert.Single(DataInfo.DescribeDicom(folder));
        Assert.Equal(v.Shape, described.Shape);
        Assert.Contains("\"modality\": \"CT\"", DicomSeriesDescription.ToJson(folder, [described]), StringComparison.Ordinal);
    }

    /// <summary>Same shape, affine (1e-4 mm) and voxel values (after scl_slope/scl_inter) as dcm2niix's NIfTI of the folder.</summary>
    private static void AssertLikeDcm2niix(TempDir dir, string folder, Volume v)
    {
        var niix = dir.File("niix");
        Directory.CreateDirectory(niix);
        DicomData.Run("/usr/bin/dcm2niix", "-o", niix, "-f", "out", "-z", "n", folder);
        var json = DicomData.Python(LoadNifti, Path.Combine(niix, "out.nii"), dir.File("voxels.npy"));
        var affine = json.GetProperty("affine").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.Equal(json.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), v.Shape);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                Assert.True(Math.Abs(affine[r][c] - v.Affine[r, c]) < 1e-4, $"affine[{r},{c}] = {v.Affine[r, c]}, dcm2niix {affine[r][c]}");
        var expected = DicomData.Column(dir.File("voxels.npy"));
        Assert.Equal(expected.Length, v.Voxels.Length);
        for (int i = 0; i < expected.Length; i++)
            if ((float)expected[i] != v.Voxels[i]) Assert.Fail($"voxel {i} = {v.Voxels[i]}, dcm2niix {expected[i]}");
    }

    [Theory]
    [InlineData(DicomData.PydicomFiles + "CT_small.dcm")]
    [InlineData(DicomData.PydicomFiles + "MR_small.dcm")]
    [InlineData(DicomData.PydicomFiles + "MR_small_bigendian.dcm")]
    [InlineData(DicomData.Ankle)]
    public void SingleSlicesMatchDcm2niix(string file)
    {
        if (!File.Exists(file)) return;   // octave-dicom not installed (scripts/setup.sh --tests installs it)
        using var dir = new TempDir();
        var folder = dir.File("in");
        Directory.CreateDirectory(folder);
        File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        AssertLikeDcm2niix(dir, folder, DicomSeriesReader.Read(file).Volume);
    }

    [Theory]
    [InlineData("missing", "missing slice")]
    [InlineData("tilt", "gantry tilt")]
    [InlineData("mixed", "mixed sizes")]
    [InlineData("orient", "mixed orientations")]
    public void BrokenSeriesAreClearErrors(string defect, string problem)
    {
        using var dir = new TempDir();
        var folder = Write(dir, "axial", defect);
        var ex = Assert.Throws<DataFormatException>(() => DicomSeriesReader.Read(folder));
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Contains("ch2 crop axial", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSeriesInOneFolderAreListed()
    {
        using var dir = new TempDir();
        Write(dir, "axial");
        Write(dir, "sagittal");
        Assert.Equal(2, DicomSeriesReader.ReadAll(dir.Path).Count);
        var ex = Assert.Throws<DataFormatException>(() => DicomSeriesReader.Read(dir.Path));
        Assert.Contains("2 series", ex.Message, StringComparison.Ordinal);
    }
}
