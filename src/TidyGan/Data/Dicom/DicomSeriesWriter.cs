using System.Buffers.Binary;
using System.Globalization;
using TidyGan.IO;

namespace TidyGan.Data;

/// <summary>
/// Writes a CT volume in Hounsfield units as a DICOM series of CT Image Storage files (explicit VR little endian,
/// Part 10), one file per slice along the volume's third axis, named CT.0001.dcm, CT.0002.dcm, ... in a new folder.
/// <para>
/// Geometry stays on the volume's grid, in the inverse of the voxel order that <see cref="DicomSeriesReader"/> (like
/// dcm2niix) reads: voxel x is the DICOM column index and voxel y runs up the rows (DICOM row j is voxel y = ny − 1 − j),
/// so ImageOrientationPatient is (affine column 0, −affine column 1) normalised and ImagePositionPatient of slice k is
/// the affine applied to (0, ny − 1, k), both turned from RAS to DICOM's LPS (x and y negated); PixelSpacing is (row
/// spacing, column spacing) = (|column 1|, |column 0|). A series read and written back (an MR in, its synthetic CT out)
/// therefore keeps its ImageOrientationPatient and every ImagePositionPatient. The slice axis must be perpendicular to the slice plane (DICOM has no
/// sheared or tilted stacks in the Image Plane module): a volume whose affine is not orthogonal is refused.
/// </para>
/// <para>
/// Pixels are signed 16-bit with RescaleSlope 1 and RescaleIntercept 0, so stored value = HU (rounded, clamped to
/// −32768…32767), RescaleType HU, a soft-tissue window (40/400).
/// </para>
/// <para>
/// Identity: with a <see cref="DicomSeriesInfo"/> reference the series joins the reference's study and frame of
/// reference (same StudyInstanceUID and FrameOfReferenceUID), copies its patient module and study attributes
/// (<see cref="PatientKeywords"/>, <see cref="StudyKeywords"/>; others are reported as skipped), and gets a new
/// SeriesInstanceUID and SOPInstanceUIDs. Without one, study and frame of reference are new too.
/// With <c>anonymize</c> the patient module is present but empty (PatientName, PatientID, PatientBirthDate and
/// PatientSex zero-length, type 2; nothing else of it), the type 2 study attributes (StudyDate, StudyTime,
/// ReferringPhysicianName, StudyID, AccessionNumber) are zero-length and StudyDescription is left out; only the UIDs
/// are kept, so the series still overlays the source in its frame of reference (whoever must not be able to link
/// it to the source study has to replace the UIDs too). PatientIdentityRemoved is YES then.
/// </para>
/// </summary>
public static class DicomSeriesWriter
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string Manufacturer = "TidyGan";
    public const double WindowCenter = 40, WindowWidth = 400;

    /// <summary>Patient-module (and Patient Study module) keywords copied from a reference: keyword → (group, element, VR).</summary>
    public static readonly IReadOnlyDictionary<string, (ushort Group, ushort Element, string Vr)> PatientKeywords =
        new Dictionary<string, (ushort, ushort, string)>
        {
            ["PatientName"] = (0x0010, 0x0010, "PN"), ["PatientID"] = (0x0010, 0x0020, "LO"),
            ["IssuerOfPatientID"] = (0x0010, 0x0021, "LO"), ["PatientBirthDate"] = (0x0010, 0x0030, "DA"),
            ["PatientBirthTime"] = (0x0010, 0x0032, "TM"), ["PatientSex"] = (0x0010, 0x0040, "CS"),
            ["OtherPatientIDs"] = (0x0010, 0x1000, "LO"), ["OtherPatientNames"] = (0x0010, 0x1001, "PN"),
            ["PatientAge"] = (0x0010, 0x1010, "AS"), ["PatientSize"] = (0x0010, 0x1020, "DS"),
            ["PatientWeight"] = (0x0010, 0x1030, "DS"), ["EthnicGroup"] = (0x0010, 0x2160, "SH"),
            ["PatientSpeciesDescription"] = (0x0010, 0x2201, "LO"), ["PatientBreedDescription"] = (0x0010, 0x2292, "LO"),
            ["ResponsiblePerson"] = (0x0010, 0x2297, "PN"), ["ResponsibleOrganization"] = (0x0010, 0x2299, "LO"),
            ["PatientComments"] = (0x0010, 0x4000, "LT"), ["PatientIdentityRemoved"] = (0x0012, 0x0062, "CS"),
            ["DeidentificationMethod"] = (0x0012, 0x0063, "LO"),
        };

    /// <summary>General Study keywords copied from a reference (the UID comes from <see cref="DicomSeriesInfo.StudyInstanceUid"/>).</summary>
    public static readonly IReadOnlyDictionary<string, (ushort Group, ushort Element, string Vr)> StudyKeywords =
        new Dictionary<string, (ushort, ushort, string)>
        {
            ["StudyDate"] = (0x0008, 0x0020, "DA"), ["StudyTime"] = (0x0008, 0x0030, "TM"),
            ["AccessionNumber"] = (0x0008, 0x0050, "SH"), ["ReferringPhysicianName"] = (0x0008, 0x0090, "PN"),
            ["StudyDescription"] = (0x0008, 0x1030, "LO"), ["StudyID"] = (0x0020, 0x0010, "SH"),
        };

    /// <summary>The file name of slice <paramref name="index"/> (0-based): CT.0001.dcm, ...</summary>
    public static string FileName(int index) => $"CT.{index + 1:D4}.dcm";

    /// <summary>
    /// Writes <paramref name="volume"/> (HU) into the new folder <paramref name="folder"/>: built in a temporary
    /// sibling folder and renamed into place, so the folder appears whole or not at all. An existing empty folder is
    /// replaced; a non-empty one (or a file) is refused.
    /// </summary>
    public static DicomSeriesWritten Write(string folder, Volume volume, SyntheticOrigin origin, DicomSeriesInfo? reference = null,
        bool anonymize = false, int seriesNumber = 1001, DateTime? now = null)
    {
        var target = Path.GetFullPath(folder);
        CheckTarget(target);
        if (volume.Frames != 1) throw new ArgumentException($"{Describe(volume)}: has {volume.Frames} frames; a CT series holds one 3-D volume");
        var geometry = SliceGeometryOf(volume);
        var time = now ?? DateTime.Now;
        string studyUid = reference?.StudyInstanceUid ?? DicomUidGenerator.New();
        string frameUid = reference?.FrameOfReferenceUid ?? DicomUidGenerator.New();
        string seriesUid = DicomUidGenerator.New();
        var skipped = reference is null ? [] : reference.Patient.Keys.Where(k => !PatientKeywords.ContainsKey(k))
            .Concat(reference.Study.Keys.Where(k => !StudyKeywords.ContainsKey(k))).Order(StringComparer.Ordinal).ToList();

        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"{folder}: has no parent folder", nameof(folder));
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        var files = new List<string>();
        try
        {
            for (int k = 0; k < volume.SizeZ; k++)
            {
                var file = new DicomFileWriter();
                string sopUid = DicomUidGenerator.New();
                AddPatientAndStudy(file, reference, anonymize, studyUid, time);
                AddSeries(file, seriesUid, seriesNumber, origin, time);
                AddFrameOfReferenceAndEquipment(file, frameUid);
                AddImage(file, origin, k, time, volume.SizeZ);
                AddPlane(file, geometry, k);
                AddPixels(file, volume, k);
                AddSopCommon(file, sopUid, time);
                var path = Path.Combine(temp, FileName(k));
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    file.Write(stream, CtImageStorage, sopUid);
                    stream.Flush(flushToDisk: true);
                }
                files.Add(Path.Combine(target, FileName(k)));
            }
            CheckTarget(target);
            if (Directory.Exists(target)) Directory.Delete(target);          // empty: checked just above
            Directory.Move(temp, target);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        return new DicomSeriesWritten(target, files, studyUid, seriesUid, frameUid, skipped);
    }

    /// <summary>Throws a <see cref="UserException"/> unless <paramref name="folder"/> is new or an empty folder (check before costly work).</summary>
    public static void CheckOutputFolder(string folder) => CheckTarget(Path.GetFullPath(folder));

    private static void CheckTarget(string target)
    {
        if (File.Exists(target)) throw new UserException($"{target}: is a file; a DICOM series is written into a new folder");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new UserException($"{target}: folder exists and is not empty; a DICOM series is written only into a new or empty folder (remove it or choose another)");
    }

    private static string Describe(Volume volume) => volume.Source.Length > 0 ? volume.Source : "volume";

    /// <summary>Image Plane geometry in LPS: per-slice positions, the two in-plane direction cosines and the spacings.</summary>
    private sealed record Geometry(double[] RowCosine, double[] ColumnCosine, double[] Normal, double ColumnSpacing, double RowSpacing, double SliceSpacing, double[][] Positions);

    private static Geometry SliceGeometryOf(Volume volume)
    {
        var a = volume.Affine;
        double[] Lps(int c) => [-a[0, c], -a[1, c], a[2, c]];
        double[] c0 = Lps(0), c1 = Lps(1), c2 = Lps(2);
        double sx = Norm(c0), sy = Norm(c1), sz = Norm(c2);
        if (sx == 0 || sy == 0 || sz == 0) throw new ArgumentException($"{Describe(volume)}: affine has a zero-length axis; cannot write DICOM geometry");
        double[] row = Scale(c0, 1 / sx), column = Scale(c1, -1 / sy), slice = Scale(c2, 1 / sz);   // rows run down, voxel y up
        double[] normal = Cross(row, column);
        const double tolerance = 1e-4;
        if (Math.Abs(Dot(row, column)) > tolerance || Math.Abs(Math.Abs(Dot(slice, normal)) - 1) > tolerance)
            throw new ArgumentException($"{Describe(volume)}: affine is not orthogonal (sheared or tilted slices); DICOM's Image Plane module cannot describe it, resample first");
        var positions = new double[volume.SizeZ][];
        for (int k = 0; k < volume.SizeZ; k++)
        {
            var (x, y, z) = volume.ToWorld(0, volume.SizeY - 1, k);
            positions[k] = [-x, -y, z];
        }
        return new Geometry(row, column, normal, sx, sy, sz, positions);
    }

    private static void AddPatientAndStudy(DicomFileWriter file, DicomSeriesInfo? reference, bool anonymize, string studyUid, DateTime time)
    {
        // Patient module: PatientName, PatientID, PatientBirthDate, PatientSex are type 2 (present, may be empty).
        foreach (var keyword in new[] { "PatientName", "PatientID", "PatientBirthDate", "PatientSex" })
        {
            var (g, e, vr) = PatientKeywords[keyword];
            file.Text(g, e, vr, "");
        }
        // General Study: type 2 attributes present; a new study gets today's date.
        foreach (var (g, e, vr) in StudyKeywords.Where(s => s.Key != "StudyDescription").Select(s => s.Value)) file.Text(g, e, vr, "");
        if (reference is null && !anonymize)
        {
            file.Text(0x0008, 0x0020, "DA", Date(time));
            file.Text(0x0008, 0x0030, "TM", Time(time));
        }
        file.Text(0x0020, 0x000D, "UI", studyUid);
        if (anonymize)
        {
            file.Text(0x0012, 0x0062, "CS", "YES");
            file.Text(0x0012, 0x0063, "LO", "TidyGan: patient emptied, study attributes but UIDs removed");
            return;
        }
        if (reference is null) return;
        foreach (var (keyword, value) in reference.Patient)
            if (PatientKeywords.TryGetValue(keyword, out var t)) file.Text(t.Group, t.Element, t.Vr, value);
        foreach (var (keyword, value) in reference.Study)
            if (StudyKeywords.TryGetValue(keyword, out var t)) file.Text(t.Group, t.Element, t.Vr, value);
    }

    private static void AddSeries(DicomFileWriter file, string seriesUid, int seriesNumber, SyntheticOrigin origin, DateTime time)
    {
        file.Text(0x0008, 0x0060, "CS", "CT");                                        // Modality
        file.Text(0x0020, 0x000E, "UI", seriesUid);
        file.Text(0x0020, 0x0011, "IS", seriesNumber.ToString(CultureInfo.InvariantCulture));
        file.Text(0x0008, 0x0021, "DA", Date(time));                                  // SeriesDate
        file.Text(0x0008, 0x0031, "TM", Time(time));                                  // SeriesTime
        file.Text(0x0008, 0x103E, "LO", origin.SeriesDescription);
        file.Text(0x0018, 0x5100, "CS", "");                                          // PatientPosition (2C): unknown for a synthetic image
        file.Text(0x0020, 0x0060, "CS", "");                                          // Laterality (2C, paired body parts): none
    }

    private static void AddFrameOfReferenceAndEquipment(DicomFileWriter file, string frameUid)
    {
        file.Text(0x0020, 0x0052, "UI", frameUid);
        file.Text(0x0020, 0x1040, "LO", "");                                          // PositionReferenceIndicator (2)
        file.Text(0x0008, 0x0070, "LO", Manufacturer);
        file.Text(0x0008, 0x1090, "LO", "TidyGan synthetic CT");                      // ManufacturerModelName
        file.Text(0x0018, 0x1020, "LO", JsonReport.ToolVersion.Length <= 64 ? JsonReport.ToolVersion : JsonReport.ToolVersion[..64]);                     // SoftwareVersions
    }

    private static void AddImage(DicomFileWriter file, SyntheticOrigin origin, int k, DateTime time, int slices)
    {
        file.Text(0x0008, 0x0008, "CS", @"DERIVED\SECONDARY\AXIAL");                 // ImageType (CT: value 3 AXIAL or LOCALIZER)
        file.Text(0x0008, 0x0023, "DA", Date(time));                                  // ContentDate
        file.Text(0x0008, 0x0033, "TM", Time(time));                                  // ContentTime
        file.Text(0x0008, 0x2111, "ST", origin.Description);                          // DerivationDescription
        file.Text(0x0020, 0x0012, "IS", "1");                                         // AcquisitionNumber
        file.Text(0x0020, 0x0013, "IS", (k + 1).ToString(CultureInfo.InvariantCulture));
        file.Text(0x0020, 0x1002, "IS", slices.ToString(CultureInfo.InvariantCulture)); // ImagesInAcquisition
        file.Text(0x0028, 0x0301, "CS", "NO");                                        // BurnedInAnnotation
        file.Text(0x0028, 0x2110, "CS", "00");                                        // LossyImageCompression
        file.Text(0x0018, 0x0060, "DS", "");                                          // KVP (CT Image, type 2): none, nothing was irradiated
    }

    private static void AddPlane(DicomFileWriter file, Geometry g, int k)
    {
        file.Text(0x0020, 0x0032, "DS", DicomFileWriter.DecimalStrings(g.Positions[k]));
        file.Text(0x0020, 0x0037, "DS", DicomFileWriter.DecimalStrings([.. g.RowCosine, .. g.ColumnCosine]));
        file.Text(0x0028, 0x0030, "DS", DicomFileWriter.DecimalStrings(g.RowSpacing, g.ColumnSpacing)); // row spacing \ column spacing
        file.Text(0x0018, 0x0050, "DS", DicomFileWriter.DecimalString(g.SliceSpacing));               // SliceThickness
        file.Text(0x0018, 0x0088, "DS", DicomFileWriter.DecimalString(g.SliceSpacing));               // SpacingBetweenSlices
        file.Text(0x0020, 0x1041, "DS", DicomFileWriter.DecimalString(Dot(g.Positions[k], g.Normal)));  // SliceLocation
    }

    private static void AddPixels(DicomFileWriter file, Volume volume, int k)
    {
        int nx = volume.SizeX, ny = volume.SizeY;
        if (nx > ushort.MaxValue || ny > ushort.MaxValue) throw new ArgumentException($"{Describe(volume)}: slices of {nx}×{ny} exceed DICOM's 65535 rows/columns");
        file.UnsignedShort(0x0028, 0x0002, 1);                                        // SamplesPerPixel
        file.Text(0x0028, 0x0004, "CS", "MONOCHROME2");
        file.UnsignedShort(0x0028, 0x0010, (ushort)ny);                               // Rows: voxel y
        file.UnsignedShort(0x0028, 0x0011, (ushort)nx);                               // Columns: voxel x
        file.UnsignedShort(0x0028, 0x0100, 16);                                       // BitsAllocated
        file.UnsignedShort(0x0028, 0x0101, 16);                                       // BitsStored
        file.UnsignedShort(0x0028, 0x0102, 15);                                       // HighBit
        file.UnsignedShort(0x0028, 0x0103, 1);                                        // PixelRepresentation: signed
        file.Text(0x0028, 0x1050, "DS", DicomFileWriter.DecimalString(WindowCenter));
        file.Text(0x0028, 0x1051, "DS", DicomFileWriter.DecimalString(WindowWidth));
        file.Text(0x0028, 0x1055, "LO", "SOFT TISSUE");                               // WindowCenterWidthExplanation
        file.Text(0x0028, 0x1052, "DS", "0");                                         // RescaleIntercept
        file.Text(0x0028, 0x1053, "DS", "1");                                         // RescaleSlope
        file.Text(0x0028, 0x1054, "LO", "HU");                                        // RescaleType
        int plane = nx * ny;
        var pixels = new byte[plane * 2];
        var source = volume.Voxels.AsSpan(k * plane, plane);
        for (int i = 0; i < plane; i++)
        {
            float v = source[(ny - 1 - i / nx) * nx + i % nx];                           // DICOM row i / nx is voxel y = ny − 1 − row
            short stored = float.IsNaN(v) ? (short)0 : (short)Math.Clamp(Math.Round((double)v, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(2 * i), stored);
        }
        file.Raw(0x7FE0, 0x0010, "OW", pixels);
    }

    private static void AddSopCommon(DicomFileWriter file, string sopUid, DateTime time)
    {
        file.Text(0x0008, 0x0005, "CS", "ISO_IR 192");                                // SpecificCharacterSet: UTF-8 (copied names may not be ASCII)
        file.Text(0x0008, 0x0012, "DA", Date(time));                                  // InstanceCreationDate
        file.Text(0x0008, 0x0013, "TM", Time(time));                                  // InstanceCreationTime
        file.Text(0x0008, 0x0016, "UI", CtImageStorage);
        file.Text(0x0008, 0x0018, "UI", sopUid);
    }

    private static string Date(DateTime t) => t.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    private static string Time(DateTime t) => t.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);
    private static double Norm(double[] v) => Math.Sqrt(Dot(v, v));
    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    private static double[] Scale(double[] v, double s) => [v[0] * s, v[1] * s, v[2] * s];
    private static double[] Cross(double[] a, double[] b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
