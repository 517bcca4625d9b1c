namespace TidyGan.Data;

/// <summary>
/// Assembles DICOM series from a file or a folder (searched recursively): groups images by SeriesInstanceUID, sorts
/// slices along the normal of ImageOrientationPatient by the projection of ImagePositionPatient (never by file name or
/// InstanceNumber), and checks that the slices form one regular grid. The volume's voxel order is dcm2niix's: x along
/// a row, y from the last row to the first (so the first NIfTI row is the image's bottom), z along the normal; its
/// affine is the patient LPS geometry with x and y negated (RAS).
/// </summary>
public static class DicomSeriesReader
{
    /// <summary>Relative spacing tolerance (1%) and absolute floor (mm).</summary>
    private const double RelativeTolerance = 0.01, AbsoluteTolerance = 0.01;

    private static readonly AsyncLocal<Action<string>?> WarningSink = new();

    /// <summary>
    /// Until disposed, every warning of every series that <see cref="ReadAll"/> assembles on this call path is also passed
    /// to <paramref name="warn"/> (for readers deep inside a loader, e.g. a cohort's DICOM subjects, whose series the caller never sees).
    /// </summary>
    public static IDisposable ReportWarningsTo(Action<string> warn)
    {
        var previous = WarningSink.Value;
        WarningSink.Value = warn;
        return new Restore(() => WarningSink.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>Exactly one series in <paramref name="path"/>; an error listing them when there are several.</summary>
    public static DicomSeries Read(string path)
    {
        var all = ReadAll(path);
        if (all.Count == 1) return all[0];
        throw new DataFormatException(path, "SeriesInstanceUID", $"differs: the folder holds {all.Count} series ({string.Join("; ", all.Select(s => $"{s.Info.SeriesInstanceUid} {s.Info.Modality} '{s.Info.SeriesDescription}'"))}); point at one series' folder");
    }

    /// <summary>
    /// Every image series in a file or folder, largest first. In a folder, a file that is not DICOM (no 'DICM' marker and
    /// not shaped like a data set; hidden files and DICOMDIR aside) or that fails to parse or decode is skipped with a
    /// warning naming it and the problem (in each series' <see cref="DicomSeries.Warnings"/>); only when no image is left
    /// is it an error, which names the first problems. A single file's problem is always an error.
    /// </summary>
    public static IReadOnlyList<DicomSeries> ReadAll(string path)
    {
        var files = Files(path);
        bool folder = Directory.Exists(path);
        var images = new List<DicomImage>();
        var skipped = folder ? NotDicom(path) : [];
        var unreadable = new List<string>();
        foreach (var file in files)
        {
            DicomImage image;
            try
            {
                var parsed = DicomParser.Read(file);
                if (!parsed.Dataset.Contains(DicomTag.PixelData))
                {
                    skipped.Add($"{Path.GetFileName(file)}: no pixel data (not an image), skipped");
                    continue;
                }
                image = DicomImage.FromFile(parsed);
            }
            catch (Exception e) when (folder && e is DataFormatException or EndOfStreamException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                string problem = $"{Path.GetRelativePath(path, file)}: unreadable, skipped ({e.Message})";
                skipped.Add(problem);
                unreadable.Add(problem);
                continue;
            }
            images.Add(image);
        }
        if (images.Count == 0)
        {
            string why = unreadable.Count == 0 ? "" : $"; {unreadable.Count} could not be read: {string.Join("; ", unreadable.Take(3))}";
            throw new DataFormatException(path, "PixelData (7FE0,0010)", $"is in none of the {files.Count} DICOM files found: no image series to read{why}");
        }
        var series = images.GroupBy(i => i.SeriesInstanceUid).Select(g => Assemble(g.ToList(), skipped))
            .OrderByDescending(s => s.Volume.Voxels.Length).ToList();
        if (WarningSink.Value is { } warn)
            foreach (var warning in series.SelectMany(s => s.Warnings).Distinct()) warn($"{path}: {warning}");
        return series;
    }

    /// <summary>Files a subject folder may hold beside DICOM (NIfTI, manifests, notes): not worth a warning.</summary>
    private static bool OtherFormat(string file) =>
        new[] { ".nii", ".nii.gz", ".hdr", ".img", ".json", ".csv", ".tsv", ".txt", ".md" }.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Warnings for the visible files under a folder that do not look like DICOM (hidden files and folders, e.g. a slice cache, DICOMDIR and <see cref="OtherFormat"/> not counted).</summary>
    private static List<string> NotDicom(string folder)
    {
        var root = Path.GetFullPath(folder);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Where(f => !Path.GetFileName(f).Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase) && !OtherFormat(f) && !DicomParser.LooksLikeDicom(f))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)}: not a DICOM file (no 'DICM' marker and not shaped like a DICOM data set), skipped").ToList();
    }

    /// <summary>The DICOM files under a folder (or the file itself).</summary>
    public static IReadOnlyList<string> Files(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new FileNotFoundException($"{path}: no such file or folder", path);
        var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase) && DicomParser.LooksLikeDicom(f))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new DataFormatException(path, "folder", "holds no DICOM file");
        return files;
    }

    private sealed record Slice(DicomImage Image, int Frame, double[] Position, double Distance);

    private static DicomSeries Assemble(List<DicomImage> images, List<string> skipped)
    {
        var first = images[0];
        string series = $"series {first.SeriesInstanceUid} ('{first.Info.SeriesDescription}')";
        string where = Path.GetDirectoryName(first.Path) ?? first.Path;
        DataFormatException Problem(string field, string problem) => new(where, field, $"in {series}: {problem}");
        var warnings = new List<string>(skipped);
        foreach (var i in images) warnings.AddRange(i.Warnings);

        int rows = first.Pixels.Rows, columns = first.Pixels.Columns;
        foreach (var i in images)
            if (i.Pixels.Rows != rows || i.Pixels.Columns != columns)
                throw Problem("Rows/Columns", $"mixed sizes: {Path.GetFileName(first.Path)} is {columns}×{rows}, {Path.GetFileName(i.Path)} is {i.Pixels.Columns}×{i.Pixels.Rows}");

        var orientation = first.Orientation;
        int totalFrames = images.Sum(i => i.Pixels.Frames);
        bool located = orientation is not null && images.All(i => i.FramePositions is not null && i.Orientation is not null);
        if (!located && totalFrames > 1 && images.Count > 1)
            throw Problem("ImageOrientationPatient/ImagePositionPatient", "missing in some images: cannot order the slices in space");
        if (!located)
        {
            warnings.Add($"{series}: no ImageOrientationPatient/ImagePositionPatient; frames stacked in file order with an axial identity geometry");
            orientation = first.Orientation ?? [1, 0, 0, 0, 1, 0];
        }
        foreach (var i in images)
            if (located && i.Orientation!.Zip(orientation!).Any(p => Math.Abs(p.First - p.Second) > 1e-4))
                throw Problem("ImageOrientationPatient", $"mixed orientations: {Path.GetFileName(first.Path)} has {string.Join('\\', orientation!)}, {Path.GetFileName(i.Path)} has {string.Join('\\', i.Orientation!)}");

        var o = orientation!;
        var normal = DicomImage.Normal(o);
        var slices = new List<Slice>();
        foreach (var i in images)
            for (int f = 0; f < i.Pixels.Frames; f++)
            {
                var p = located ? i.FramePositions![f] : (first.FramePositions?[0] ?? Centred(o, rows, columns, first.PixelSpacing ?? [1, 1]));
                slices.Add(new Slice(i, f, p, located ? Dot(p, normal) : slices.Count));
            }
        slices.Sort((a, b) => a.Distance.CompareTo(b.Distance));

        double step;
        double[] stepVector;
        int n = slices.Count;
        if (n == 1 || !located)
        {
            step = first.SpacingBetweenSlices ?? first.SliceThickness ?? 1;
            if (step <= 0) step = 1;
            stepVector = [normal[0] * step, normal[1] * step, normal[2] * step];
        }
        else
        {
            var gaps = new double[n - 1];
            for (int k = 0; k + 1 < n; k++) gaps[k] = slices[k + 1].Distance - slices[k].Distance;
            var sorted = gaps.OrderBy(g => g).ToArray();
            double median = sorted[sorted.Length / 2];
            double tolerance = Math.Max(AbsoluteTolerance, RelativeTolerance * median);
            for (int k = 0; k < gaps.Length; k++)
            {
                if (gaps[k] < AbsoluteTolerance)
                    throw Problem("ImagePositionPatient", $"two slices at the same position {Format(slices[k].Position)}: {Path.GetFileName(slices[k].Image.Path)} and {Path.GetFileName(slices[k + 1].Image.Path)} (several echoes, phases or acquisitions in one series?)");
                if (Math.Abs(gaps[k] - median) > tolerance)
                {
                    double ratio = gaps[k] / median;
                    string what = Math.Abs(ratio - Math.Round(ratio)) < 0.05 && ratio > 1.5
                        ? $"missing slice: a gap of {gaps[k]:G6} mm ({Math.Round(ratio) - 1} slice(s) missing) between {Path.GetFileName(slices[k].Image.Path)} and {Path.GetFileName(slices[k + 1].Image.Path)}, where the spacing is {median:G6} mm"
                        : $"non-uniform slice spacing: {gaps[k]:G6} mm between {Path.GetFileName(slices[k].Image.Path)} and {Path.GetFileName(slices[k + 1].Image.Path)}, {median:G6} mm elsewhere";
                    throw Problem("ImagePositionPatient", what);
                }
            }
            var firstP = slices[0].Position;
            var lastP = slices[^1].Position;
            stepVector = [(lastP[0] - firstP[0]) / (n - 1), (lastP[1] - firstP[1]) / (n - 1), (lastP[2] - firstP[2]) / (n - 1)];
            step = Dot(stepVector, normal);
            for (int k = 0; k < n; k++)
            {
                var d = Sub(slices[k].Position, firstP);
                double along = Dot(d, normal);
                var off = new[] { d[0] - along * normal[0], d[1] - along * normal[1], d[2] - along * normal[2] };
                double perpendicular = Math.Sqrt(Dot(off, off));
                if (perpendicular > Math.Max(AbsoluteTolerance, RelativeTolerance * step) * Math.Max(1, k))
                    throw Problem("ImagePositionPatient", $"gantry tilt (or sheared stack): slice positions move {perpendicular:G4} mm across the slice normal over {k} slices; TidyGan needs slices stacked along their normal (dcm2niix corrects tilt: convert with it first)");
            }
        }

        var spacing = first.PixelSpacing ?? [1, 1];
        if (first.PixelSpacing is null) warnings.Add($"{series}: no PixelSpacing; 1 mm assumed");
        double dRow = spacing[0], dColumn = spacing[1];
        // LPS columns: x along a row (o[0..2] × column spacing), y along a column (o[3..5] × row spacing), z the slice step.
        var a = new double[4, 4];
        var origin = slices[0].Position;
        for (int r = 0; r < 3; r++)
        {
            a[r, 0] = o[r] * dColumn;
            a[r, 1] = -o[3 + r] * dRow;                                   // rows flipped: y = rows-1-row
            a[r, 2] = stepVector[r];
            a[r, 3] = origin[r] + (rows - 1) * o[3 + r] * dRow;
        }
        for (int c = 0; c < 4; c++) { a[0, c] = -a[0, c]; a[1, c] = -a[1, c]; }  // LPS → RAS
        a[3, 3] = 1;

        var voxels = new float[(long)rows * columns * n];
        for (int z = 0; z < n; z++)
        {
            var frame = slices[z].Image.Frame(slices[z].Frame);
            long zOffset = (long)z * rows * columns;
            for (int row = 0; row < rows; row++)
                Array.Copy(frame, row * columns, voxels, zOffset + (long)(rows - 1 - row) * columns, columns);
        }
        string modality = first.Info.Modality;
        var kind = modality == "CT" && (first.HasRescale || first.RescaleType == "HU") ? IntensityKind.Hounsfield
            : modality == "MR" ? IntensityKind.MagneticResonance : IntensityKind.Unknown;
        var sourceType = SourceType(first.Pixels, images.Any(i => i.Slopes.Concat(i.Intercepts).Any(v => v != Math.Floor(v))));
        var volume = new Volume(voxels, [columns, rows, n], a, kind, sourceType, where, [dColumn, dRow, Math.Abs(step)]);
        return new DicomSeries(volume, first.Info, warnings, images.Select(i => i.Path).Distinct().ToList());
    }

    /// <summary>Without ImagePositionPatient, put the image centre at the origin (as dcm2niix does).</summary>
    private static double[] Centred(double[] o, int rows, int columns, double[] spacing)
    {
        double cx = (columns - 1) / 2.0 * spacing[1], cy = (rows - 1) / 2.0 * spacing[0];
        return [-cx * o[0] - cy * o[3], -cx * o[1] - cy * o[4], -cx * o[2] - cy * o[5]];
    }

    private static NiftiDataType SourceType(DicomPixels p, bool fractionalRescale) =>
        fractionalRescale || p.Samples == 3 ? NiftiDataType.Float32 : (p.BitsAllocated, p.Signed) switch
        {
            (8, false) => NiftiDataType.UInt8,
            (8, true) => NiftiDataType.Int8,
            (16, false) => NiftiDataType.UInt16,
            (16, true) => NiftiDataType.Int16,
            _ => NiftiDataType.Float32,
        };

    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    private static double[] Sub(double[] a, double[] b) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    private static string Format(double[] p) => $"({string.Join(", ", p.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))})";
}
