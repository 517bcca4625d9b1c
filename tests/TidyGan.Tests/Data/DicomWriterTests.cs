using System.Diagnostics;
using System.Text.Json;
using TidyGan.Data;
using Xunit.Abstractions;

namespace TidyGan.Tests.Data;

/// <summary>
/// DicomSeriesWriter against independent readers: dciodvfy (dicom3tools) validates every file against the CT Image
/// IOD, pydicom reads every tag and pixel back, dcm2niix turns the series into a NIfTI whose affine and HU must equal
/// the written volume's.
/// </summary>
public class DicomWriterTests(ITestOutputHelper output)
{
    private static readonly SyntheticOrigin Origin = new("cyclegan mr2ct", 1234, new string('a', 64));

    internal static readonly DicomSeriesInfo Reference = new(
        StudyInstanceUid: "1.2.826.0.1.3680043.8.498.11", SeriesInstanceUid: "1.2.826.0.1.3680043.8.498.12",
        FrameOfReferenceUid: "1.2.826.0.1.3680043.8.498.13", Modality: "MR", SeriesDescription: "T1 MPRAGE",
        Patient: new Dictionary<string, string>
        {
            ["PatientName"] = "Doe^Jane", ["PatientID"] = "P-0042", ["PatientBirthDate"] = "19700101", ["PatientSex"] = "F",
            ["PatientAge"] = "054Y", ["PatientMotherBirthName"] = "Roe",
        },
        Study: new Dictionary<string, string>
        {
            ["StudyDate"] = "20240102", ["StudyTime"] = "101500", ["StudyID"] = "S7", ["AccessionNumber"] = "ACC9",
            ["ReferringPhysicianName"] = "House^Gregory", ["StudyDescription"] = "Head MR for RT planning",
        });

    private static readonly Lazy<Volume> Cranium = new(() => InVesaliusReader.Read(RealData.Cranium));

    /// <summary>Test volumes in HU (integers, so the int16 round trip is exact): real CT and three geometries.</summary>
    internal static Volume Case(string name) => name switch
    {
        // Cranium.inv3: x = −column (patient left → right), y = +row (posterior → anterior), z = slices (feet → head).
        "cranium" => Crop(Cranium.Value, 110, 100, 50, 36, 28, 5),
        // Plain RAS axes: DICOM needs x and y flipped (LPS), dcm2niix may reorder rows.
        "axial" => Pattern(20, 14, 4, new double[,] { { 0.8, 0, 0, -10 }, { 0, 0.9, 0, 20.5 }, { 0, 0, 2.5, -33 }, { 0, 0, 0, 1 } }),
        // TranslateTests.ObliqueHead's permuted axes: the third (slice) axis is world −y, i.e. coronal slices.
        "permuted" => Pattern(16, 10, 5, new double[,] { { -2, 0, 0, 40 }, { 0, 0, -1.5, 30 }, { 0, 3, 0, -10 }, { 0, 0, 0, 1 } }),
        // Rotated 30° about x and 20° about z, anisotropic, slice axis reversed (against the row × column normal).
        "oblique" => Pattern(18, 12, 4, ObliqueAffine()),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Cases() => ["cranium", "axial", "permuted", "oblique"];

    private static double[,] ObliqueAffine()
    {
        double a = Math.PI / 6, b = Math.PI / 9;
        double[,] rx = { { 1, 0, 0 }, { 0, Math.Cos(a), -Math.Sin(a) }, { 0, Math.Sin(a), Math.Cos(a) } };
        double[,] rz = { { Math.Cos(b), -Math.Sin(b), 0 }, { Math.Sin(b), Math.Cos(b), 0 }, { 0, 0, 1 } };
        double[] spacing = [0.7, 1.1, -2.0];
        var m = new double[4, 4];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
            {
                double s = 0;
                for (int i = 0; i < 3; i++) s += rz[r, i] * rx[i, c];
                m[r, c] = s * spacing[c];
            }
        m[0, 3] = 12.25; m[1, 3] = -7.5; m[2, 3] = 41; m[3, 3] = 1;
        return m;
    }

    private static Volume Pattern(int nx, int ny, int nz, double[,] affine)
    {
        var v = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    v[x + nx * (y + ny * z)] = (x * 37 + y * 101 + z * 513) % 3000 - 1024;   // distinct enough to catch any flip
        return new Volume(v, [nx, ny, nz], affine, IntensityKind.Hounsfield, NiftiDataType.Int16, "pattern");
    }

    private static Volume Crop(Volume volume, int x0, int y0, int z0, int nx, int ny, int nz)
    {
        var v = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    v[x + nx * (y + ny * z)] = volume[x0 + x, y0 + y, z0 + z];
        var affine = (double[,])volume.Affine.Clone();
        var (ox, oy, oz) = volume.ToWorld(x0, y0, z0);
        affine[0, 3] = ox; affine[1, 3] = oy; affine[2, 3] = oz;
        return new Volume(v, [nx, ny, nz], affine, IntensityKind.Hounsfield, NiftiDataType.Int16, "cranium-crop");
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryFilePassesDciodvfyForTheCtImageIod(string name)
    {
        using var dir = new TempDir();
        var written = DicomSeriesWriter.Write(dir.File("ct"), Case(name), Origin, Reference);
        var anonymized = DicomSeriesWriter.Write(dir.File("anon"), Case(name), Origin, Reference, anonymize: true);
        foreach (var file in written.Files.Concat(anonymized.Files))
        {
            var (_, report) = Tool("dciodvfy", file);
            var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (file == written.Files[0] || file == anonymized.Files[0]) output.WriteLine($"dciodvfy {Path.GetFileName(file)} ({name}):\n{report}");
            Assert.Contains(lines, l => l.Contains("CTImage", StringComparison.Ordinal));
            var errors = lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}:\n{string.Join("\n", errors)}");
        }
    }

    private const string PydicomScript = """
        import json, sys, os, struct, pydicom
        out = []
        for f in sorted(os.listdir(sys.argv[1])):
            path = os.path.join(sys.argv[1], f)
            raw = open(path, 'rb').read()
            group_length = struct.unpack('<I', raw[140:144])[0]
            after_meta = struct.unpack('<H', raw[144 + group_length:146 + group_length])[0]
            d = pydicom.dcmread(path)
            m = d.file_meta
            tags = {k: (str(d[k].value) if k in d else None) for k in sys.argv[2].split(',')}
            hu = (d.pixel_array.astype('float64') * float(d.RescaleSlope) + float(d.RescaleIntercept))
            out.append({'file': f, 'preamble': raw[:128] == bytes(128), 'dicm': raw[128:132] == b'DICM',
                        'after_meta_group': after_meta, 'meta_version': list(m.FileMetaInformationVersion),
                        'ts': str(m.TransferSyntaxUID), 'ms_class': str(m.MediaStorageSOPClassUID),
                        'ms_instance': str(m.MediaStorageSOPInstanceUID), 'impl': str(m.ImplementationClassUID),
                        'impl_name': str(m.get('ImplementationVersionName', '')), 'explicit': not d.is_implicit_VR,
                        'little': d.is_little_endian, 'vrs': {k: d[k].VR for k in ('PatientName', 'PixelData', 'ImagePositionPatient')},
                        'tags': tags, 'pixel_dtype': str(d.pixel_array.dtype), 'hu': hu.tolist()})
        print(json.dumps(out))
        """;

    private static readonly string[] Keywords =
    [
        "SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID", "FrameOfReferenceUID", "Modality",
        "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "PatientAge", "StudyDate", "StudyTime", "StudyID",
        "AccessionNumber", "ReferringPhysicianName", "StudyDescription", "SeriesDescription", "DerivationDescription",
        "ImageType", "Manufacturer", "SeriesNumber", "InstanceNumber", "ContentDate", "ContentTime", "InstanceCreationDate",
        "InstanceCreationTime", "BurnedInAnnotation", "Rows", "Columns", "BitsAllocated", "BitsStored", "HighBit",
        "PixelRepresentation", "PhotometricInterpretation", "SamplesPerPixel", "RescaleIntercept", "RescaleSlope",
        "RescaleType", "WindowCenter", "WindowWidth", "PixelSpacing", "SliceThickness", "SpacingBetweenSlices",
        "ImageOrientationPatient", "ImagePositionPatient", "PatientIdentityRemoved",
    ];

    private static JsonElement[] ReadBack(string folder) =>
        [.. Python.Json(PydicomScript, folder, string.Join(',', Keywords)).EnumerateArray()];

    private static string? Tag(JsonElement file, string keyword) =>
        file.GetProperty("tags").GetProperty(keyword) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void PydicomReadsEveryTagAndHounsfieldUnitBack()
    {
        using var dir = new TempDir();
        var volume = Case("oblique");
        var written = DicomSeriesWriter.Write(dir.File("ct"), volume, Origin, Reference, seriesNumber: 77);
        Assert.Equal(["PatientMotherBirthName"], written.SkippedKeywords);
        var files = ReadBack(written.Folder);
        Assert.Equal(volume.SizeZ, files.Length);
        var sopUids = new HashSet<string>();
        for (int k = 0; k < files.Length; k++)
        {
            var f = files[k];
            Assert.Equal(DicomSeriesWriter.FileName(k), f.GetProperty("file").GetString());
            Assert.True(f.GetProperty("preamble").GetBoolean() && f.GetProperty("dicm").GetBoolean());
            Assert.NotEqual(2, f.GetProperty("after_meta_group").GetInt32());   // group length ends exactly at the meta header
            Assert.Equal([0, 1], f.GetProperty("meta_version").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal("1.2.840.10008.1.2.1", f.GetProperty("ts").GetString());
            Assert.True(f.GetProperty("explicit").GetBoolean() && f.GetProperty("little").GetBoolean());
            Assert.Equal("PN", f.GetProperty("vrs").GetProperty("PatientName").GetString());
            Assert.Equal("OW", f.GetProperty("vrs").GetProperty("PixelData").GetString());
            Assert.Equal(DicomSeriesWriter.CtImageStorage, f.GetProperty("ms_class").GetString());
            Assert.Equal(DicomSeriesWriter.CtImageStorage, Tag(f, "SOPClassUID"));
            Assert.Equal(DicomUidGenerator.ImplementationClassUid, f.GetProperty("impl").GetString());
            Assert.Equal("TIDYGAN_1", f.GetProperty("impl_name").GetString());
            var sop = Tag(f, "SOPInstanceUID")!;
            Assert.Equal(sop, f.GetProperty("ms_instance").GetString());
            Assert.StartsWith("2.25.", sop);
            Assert.True(sop.Length < 64);
            Assert.True(sopUids.Add(sop), "SOPInstanceUIDs are unique");
            // Shared with the reference: study and frame of reference; new: series.
            Assert.Equal(Reference.StudyInstanceUid, Tag(f, "StudyInstanceUID"));
            Assert.Equal(Reference.FrameOfReferenceUid, Tag(f, "FrameOfReferenceUID"));
            Assert.Equal(written.SeriesInstanceUid, Tag(f, "SeriesInstanceUID"));
            Assert.NotEqual(Reference.SeriesInstanceUid, written.SeriesInstanceUid);
            Assert.StartsWith("2.25.", written.SeriesInstanceUid);
            foreach (var key in new[] { "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "PatientAge" })
                Assert.Equal(Reference.Patient[key], Tag(f, key));
            foreach (var (key, value) in Reference.Study) Assert.Equal(value, Tag(f, key));
            Assert.Null(Tag(f, "PatientIdentityRemoved"));
            // Synthetic, and says so.
            Assert.Equal("CT", Tag(f, "Modality"));
            Assert.Equal("['DERIVED', 'SECONDARY', 'AXIAL']", Tag(f, "ImageType"));
            Assert.Contains("SYNTHETIC", Tag(f, "SeriesDescription"));
            Assert.Contains("cyclegan mr2ct", Tag(f, "DerivationDescription"));
            Assert.Contains("step 1234", Tag(f, "DerivationDescription"));
            Assert.Contains(Origin.CheckpointSha256, Tag(f, "DerivationDescription"));
            Assert.Equal("TidyGan", Tag(f, "Manufacturer"));
            Assert.Equal("77", Tag(f, "SeriesNumber"));
            Assert.Equal((k + 1).ToString(), Tag(f, "InstanceNumber"));
            foreach (var key in new[] { "ContentDate", "InstanceCreationDate" }) Assert.Matches("^[0-9]{8}$", Tag(f, key));
            foreach (var key in new[] { "ContentTime", "InstanceCreationTime" }) Assert.Matches(@"^[0-9]{6}(\.[0-9]+)?$", Tag(f, key));
            Assert.Equal("NO", Tag(f, "BurnedInAnnotation"));
            // Pixels: int16, slope 1, intercept 0, HU = the volume's.
            Assert.Equal(("16", "16", "15", "1", "MONOCHROME2", "1"), (Tag(f, "BitsAllocated"), Tag(f, "BitsStored"), Tag(f, "HighBit"), Tag(f, "PixelRepresentation"), Tag(f, "PhotometricInterpretation"), Tag(f, "SamplesPerPixel")));
            Assert.Equal(("1", "0", "HU"), (Tag(f, "RescaleSlope"), Tag(f, "RescaleIntercept"), Tag(f, "RescaleType")));
            Assert.Equal(("40", "400"), (Tag(f, "WindowCenter"), Tag(f, "WindowWidth")));
            Assert.Equal("int16", f.GetProperty("pixel_dtype").GetString());
            Assert.Equal((volume.SizeY.ToString(), volume.SizeX.ToString()), (Tag(f, "Rows"), Tag(f, "Columns")));
            var rows = f.GetProperty("hu").EnumerateArray().ToArray();
            for (int r = 0; r < volume.SizeY; r++)
            {
                var row = rows[r].EnumerateArray().Select(e => e.GetDouble()).ToArray();
                for (int c = 0; c < volume.SizeX; c++) Assert.Equal(volume[c, volume.SizeY - 1 - r, k], row[c]);   // rows run down voxel y
            }
            // Geometry: row spacing (voxel y) first; positions and cosines in LPS.
            Assert.Equal([1.1, 0.7], Numbers(Tag(f, "PixelSpacing")!), new Tolerance(1e-9));
            Assert.Equal(2.0, double.Parse(Tag(f, "SliceThickness")!), 9);
            Assert.Equal(2.0, double.Parse(Tag(f, "SpacingBetweenSlices")!), 9);
            var (x, y, z) = volume.ToWorld(0, volume.SizeY - 1, k);                     // the first row is the top: voxel y = ny − 1
            Assert.Equal([-x, -y, z], Numbers(Tag(f, "ImagePositionPatient")!), new Tolerance(1e-9));
            var a = volume.Affine;
            Assert.Equal([-a[0, 0] / 0.7, -a[1, 0] / 0.7, a[2, 0] / 0.7, a[0, 1] / 1.1, a[1, 1] / 1.1, -a[2, 1] / 1.1],
                Numbers(Tag(f, "ImageOrientationPatient")!), new Tolerance(1e-9));
        }
    }

    private static double[] Numbers(string pydicomMultiValue) =>
        [.. pydicomMultiValue.Trim('[', ']').Split(',').Select(s => double.Parse(s.Trim(' ', '\'')))];

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void AnonymizeEmptiesThePatientModuleAndKeepsOnlyTheUids()
    {
        using var dir = new TempDir();
        var written = DicomSeriesWriter.Write(dir.File("ct"), Case("axial"), Origin, Reference, anonymize: true);
        foreach (var f in ReadBack(written.Folder))
        {
            foreach (var key in new[] { "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime", "StudyID", "AccessionNumber", "ReferringPhysicianName" })
                Assert.True(Tag(f, key) == "", $"{key} present and empty, got '{Tag(f, key)}'");
            Assert.Null(Tag(f, "PatientAge"));
            Assert.Null(Tag(f, "StudyDescription"));
            Assert.Equal("YES", Tag(f, "PatientIdentityRemoved"));
            Assert.Equal(Reference.StudyInstanceUid, Tag(f, "StudyInstanceUID"));
            Assert.Equal(Reference.FrameOfReferenceUid, Tag(f, "FrameOfReferenceUID"));
        }
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void WithoutAReferenceStudyAndFrameOfReferenceAreNew()
    {
        using var dir = new TempDir();
        var written = DicomSeriesWriter.Write(dir.File("ct"), Case("axial"), Origin);
        Assert.Empty(written.SkippedKeywords);
        var files = ReadBack(written.Folder);
        Assert.All(files, f =>
        {
            Assert.Equal(written.StudyInstanceUid, Tag(f, "StudyInstanceUID"));
            Assert.Equal(written.FrameOfReferenceUid, Tag(f, "FrameOfReferenceUID"));
            Assert.Equal("", Tag(f, "PatientName"));
            Assert.Matches("^[0-9]{8}$", Tag(f, "StudyDate"));
        });
        Assert.Equal(3, new[] { written.StudyInstanceUid, written.SeriesInstanceUid, written.FrameOfReferenceUid }.Distinct().Count());
        Assert.All(new[] { written.StudyInstanceUid, written.FrameOfReferenceUid }, u => Assert.StartsWith("2.25.", u));
    }

    private const string NibabelScript = """
        import json, sys, glob, nibabel as nib, numpy as np
        files = sorted(glob.glob(sys.argv[1] + '/*.nii'))
        i = nib.load(files[0])
        d = np.asarray(i.get_fdata(dtype=np.float64))
        print(json.dumps({'files': files, 'shape': list(d.shape), 'affine': i.affine.tolist(), 'data': d.flatten(order='F').tolist()}))
        """;

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [MemberData(nameof(Cases))]
    public void Dcm2niixGivesBackTheVolumesAffineAndHounsfieldUnits(string name)
    {
        using var dir = new TempDir();
        var volume = Case(name);
        var written = DicomSeriesWriter.Write(dir.File("ct"), volume, Origin, Reference);
        Directory.CreateDirectory(dir.File("nii"));
        var (code, log) = Tool("dcm2niix", "-b", "n", "-z", "n", "-f", "series", "-o", dir.File("nii"), written.Folder);
        Assert.True(code == 0, log);
        var nifti = Python.Json(NibabelScript, dir.File("nii"));
        Assert.Equal(1, nifti.GetProperty("files").GetArrayLength());
        var shape = nifti.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var affine = nifti.GetProperty("affine").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var data = nifti.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();

        // dcm2niix may store the axes in another order or direction: find the signed permutation P with
        // affine_out = affine_in · P (P maps output voxel indices to input ones), then compare the affines and every voxel.
        var p = IndexMap(volume.Affine, affine);
        double affineDiff = 0;
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                double expected = 0;
                for (int i = 0; i < 4; i++) expected += volume.Affine[r, i] * p[i, c];
                affineDiff = Math.Max(affineDiff, Math.Abs(expected - affine[r][c]));
            }
        Assert.Equal(volume.Shape.Order(), shape.Order());
        double huDiff = 0;
        for (int k = 0; k < shape[2]; k++)
            for (int j = 0; j < shape[1]; j++)
                for (int i = 0; i < shape[0]; i++)
                {
                    int[] src = [.. Enumerable.Range(0, 3).Select(r => (int)(p[r, 0] * i + p[r, 1] * j + p[r, 2] * k + p[r, 3]))];
                    Assert.InRange(src[0], 0, volume.SizeX - 1);
                    Assert.InRange(src[1], 0, volume.SizeY - 1);
                    Assert.InRange(src[2], 0, volume.SizeZ - 1);
                    huDiff = Math.Max(huDiff, Math.Abs(volume[src[0], src[1], src[2]] - data[i + shape[0] * (j + shape[1] * k)]));
                }
        output.WriteLine($"{name}: dcm2niix index map {Format(p)}; affine max |diff| {affineDiff:E2} mm; HU max |diff| {huDiff}");
        Assert.True(affineDiff <= 1e-4, $"affine differs by {affineDiff} mm");
        Assert.Equal(0, huDiff);
    }

    /// <summary>inv(affineIn) · affineOut rounded to the signed permutation (with integer shift) it must be.</summary>
    private static double[,] IndexMap(double[,] affineIn, double[][] affineOut)
    {
        var inverse = Invert3(affineIn);
        var p = new double[4, 4];
        p[3, 3] = 1;
        for (int c = 0; c < 4; c++)
        {
            double[] v = [affineOut[0][c] - (c == 3 ? affineIn[0, 3] : 0), affineOut[1][c] - (c == 3 ? affineIn[1, 3] : 0), affineOut[2][c] - (c == 3 ? affineIn[2, 3] : 0)];
            for (int r = 0; r < 3; r++)
            {
                double x = inverse[r, 0] * v[0] + inverse[r, 1] * v[1] + inverse[r, 2] * v[2];
                Assert.True(Math.Abs(x - Math.Round(x)) < 1e-3, $"dcm2niix's grid is not the input's: index map [{r},{c}] = {x}");
                p[r, c] = Math.Round(x);
            }
        }
        for (int c = 0; c < 3; c++)
            Assert.Equal(1, Enumerable.Range(0, 3).Sum(r => Math.Abs(p[r, c])));
        return p;
    }

    private static double[,] Invert3(double[,] m)
    {
        double a = m[0, 0], b = m[0, 1], c = m[0, 2], d = m[1, 0], e = m[1, 1], f = m[1, 2], g = m[2, 0], h = m[2, 1], i = m[2, 2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[,]
        {
            { (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det },
            { (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det },
            { (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det },
        };
    }

    private static string Format(double[,] p) =>
        "[" + string.Join("; ", Enumerable.Range(0, 3).Select(r => string.Join(" ", Enumerable.Range(0, 4).Select(c => p[r, c])))) + "]";

    [Fact]
    public void ANonEmptyOutputFolderIsRefusedAndLeftAlone()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("ct"));
        File.WriteAllText(Path.Combine(dir.File("ct"), "keep.txt"), "mine");
        var e = Assert.Throws<TidyGan.IO.UserException>(() => DicomSeriesWriter.Write(dir.File("ct"), Case("axial"), Origin));
        Assert.Contains(dir.File("ct"), e.Message);
        Assert.Contains("not empty", e.Message);
        Assert.Equal(["keep.txt"], Directory.GetFiles(dir.File("ct")).Select(Path.GetFileName));
        Assert.Equal(["ct"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));   // no temp folder left

        var file = dir.File("file.dcm");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file", Assert.Throws<TidyGan.IO.UserException>(() => DicomSeriesWriter.Write(file, Case("axial"), Origin)).Message);
    }

    [Fact]
    public void AnEmptyFolderIsFilledAndFilesAreNamedInSliceOrder()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("ct"));
        var written = DicomSeriesWriter.Write(dir.File("ct"), Case("permuted"), Origin);
        Assert.Equal(["CT.0001.dcm", "CT.0002.dcm", "CT.0003.dcm", "CT.0004.dcm", "CT.0005.dcm"], Directory.GetFiles(dir.File("ct")).Select(Path.GetFileName).Order());
        Assert.Equal(written.Files, Directory.GetFiles(dir.File("ct")).Order());
        Assert.Equal(["ct"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ShearedAffinesAndFourDimensionalVolumesAreRefused()
    {
        using var dir = new TempDir();
        var sheared = new Volume(new float[8], [2, 2, 2], new double[,] { { 1, 0.3, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } }, source: "sheared.nii");
        var e = Assert.Throws<ArgumentException>(() => DicomSeriesWriter.Write(dir.File("a"), sheared, Origin));
        Assert.Contains("sheared.nii", e.Message);
        Assert.Contains("not orthogonal", e.Message);
        var fourD = new Volume(new float[16], [2, 2, 2, 2], Volume.DiagonalAffine(1, 1, 1), source: "4d.nii");
        Assert.Contains("4d.nii", Assert.Throws<ArgumentException>(() => DicomSeriesWriter.Write(dir.File("b"), fourD, Origin)).Message);
        Assert.False(Directory.Exists(dir.File("a")) || Directory.Exists(dir.File("b")));
    }

    [Fact]
    public void UidsAreRandom225UidsUnder64Characters()
    {
        var uids = Enumerable.Range(0, 200).Select(_ => DicomUidGenerator.New()).ToList();
        Assert.Equal(200, uids.Distinct().Count());
        Assert.All(uids, u => Assert.Matches(@"^2\.25\.(0|[1-9][0-9]{0,38})$", u));
        Assert.Equal("2.25.329800735698586629295641978511506172918", DicomUidGenerator.FromGuid(Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));  // PS3.5 B.2's example
    }

    [Fact]
    public void ValuesLongerThanTheirVrAllowsAreRefusedNamingTheTag()
    {
        var e = Assert.Throws<ArgumentException>(() => new DicomFileWriter().Text(0x0010, 0x0020, "LO", new string('x', 65)));
        Assert.Contains("(0010,0020) LO", e.Message);
        Assert.Contains("more than LO's 64", e.Message);
        new DicomFileWriter().Text(0x0008, 0x0008, "CS", @"DERIVED\SECONDARY\AXIAL");   // each value of a multi-value counts alone
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-123.456789012345678, "-123.45678901235")]
    [InlineData(0.70710678118654757, "0.70710678118655")]
    [InlineData(-0.70710678118654757, "-0.7071067811865")]
    [InlineData(1e-20, "1E-20")]
    [InlineData(40.0, "40")]
    public void DecimalStringsFitSixteenCharacters(double value, string expected)
    {
        Assert.Equal(expected, DicomFileWriter.DecimalString(value));
        Assert.True(expected.Length <= 16);
    }

    private static (int Code, string Output) Tool(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), $"{tool} timed out");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
