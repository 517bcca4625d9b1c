namespace TidyGan.Data;

/// <summary>
/// One DICOM image file reduced to what series assembly needs: identity, geometry (patient LPS mm, per frame when
/// the file says so), rescale, and decoded pixels. <see cref="Frame"/> gives physical values.
/// </summary>
public sealed class DicomImage
{
    private DicomImage(string path, DicomDataset ds, DicomPixels pixels, List<string> warnings)
    {
        Path = path;
        Pixels = pixels;
        Warnings = warnings;
        SeriesInstanceUid = ds.String(DicomTag.SeriesInstanceUid) ?? "(no SeriesInstanceUID)";
        Info = new DicomSeriesInfo(ds.String(DicomTag.StudyInstanceUid) ?? "", SeriesInstanceUid, ds.String(DicomTag.FrameOfReferenceUid) ?? "",
            ds.String(DicomTag.Modality) ?? "", ds.String(DicomTag.SeriesDescription) ?? "",
            Pick(ds, ("PatientName", DicomTag.PatientName), ("PatientID", DicomTag.PatientId), ("PatientBirthDate", DicomTag.PatientBirthDate), ("PatientSex", DicomTag.PatientSex)),
            Pick(ds, ("StudyDate", DicomTag.StudyDate), ("StudyTime", DicomTag.StudyTime), ("StudyID", DicomTag.StudyId), ("AccessionNumber", DicomTag.AccessionNumber),
                ("ReferringPhysicianName", DicomTag.ReferringPhysicianName), ("StudyDescription", DicomTag.StudyDescription)));
        InstanceNumber = ds.Integer(DicomTag.InstanceNumber);
        RescaleType = ds.String(DicomTag.RescaleType);

        var sharedItems = ds.Sequence(DicomTag.SharedFunctionalGroupsSequence);
        var shared = sharedItems.Count > 0 ? sharedItems[0] : null;
        var perFrame = ds.Sequence(DicomTag.PerFrameFunctionalGroupsSequence);
        DicomDataset? FirstFrame() => perFrame.Count > 0 ? perFrame[0] : null;
        double[]? FromGroups(uint sequence, uint tag, int count) =>
            (shared is null ? null : Nested(shared, sequence)?.Doubles(tag, count)) ?? (FirstFrame() is { } f ? Nested(f, sequence)?.Doubles(tag, count) : null);

        Orientation = ds.Doubles(DicomTag.ImageOrientationPatient, 6) ?? FromGroups(DicomTag.PlaneOrientationSequence, DicomTag.ImageOrientationPatient, 6);
        PixelSpacing = ds.Doubles(DicomTag.PixelSpacing, 2) ?? FromGroups(DicomTag.PixelMeasuresSequence, DicomTag.PixelSpacing, 2);
        SliceThickness = ds.Doubles(DicomTag.SliceThickness)?.FirstOrDefault() ?? FromGroups(DicomTag.PixelMeasuresSequence, DicomTag.SliceThickness, 1)?[0];
        SpacingBetweenSlices = ds.Doubles(DicomTag.SpacingBetweenSlices)?.FirstOrDefault() ?? FromGroups(DicomTag.PixelMeasuresSequence, DicomTag.SpacingBetweenSlices, 1)?[0];
        if (PixelSpacing is not null && PixelSpacing.Any(s => s <= 0))
            throw new DataFormatException(path, DicomDataset.Name(DicomTag.PixelSpacing), $"= {string.Join('\\', PixelSpacing)}: spacings must be positive");

        // Frame positions: per-frame functional groups, else the image position (+ RT dose grid offsets along the normal).
        var positions = new double[pixels.Frames][];
        var slopes = new double[pixels.Frames];
        var intercepts = new double[pixels.Frames];
        double slope = ds.Doubles(DicomTag.RescaleSlope)?.FirstOrDefault() ?? FromGroups(DicomTag.PixelValueTransformationSequence, DicomTag.RescaleSlope, 1)?[0] ?? 1;
        double intercept = ds.Doubles(DicomTag.RescaleIntercept)?.FirstOrDefault() ?? FromGroups(DicomTag.PixelValueTransformationSequence, DicomTag.RescaleIntercept, 1)?[0] ?? 0;
        HasRescale = ds.Contains(DicomTag.RescaleSlope) || ds.Contains(DicomTag.RescaleIntercept) || FromGroups(DicomTag.PixelValueTransformationSequence, DicomTag.RescaleSlope, 1) is not null;
        if (slope == 0) throw new DataFormatException(path, DicomDataset.Name(DicomTag.RescaleSlope), "= 0: every value would be the intercept");
        // RT Dose: stored values × DoseGridScaling (3004,000E) = dose in DoseUnits (Gy); pydicom's pixel_array × DoseGridScaling.
        if (Info.Modality == "RTDOSE" && ds.Doubles(DicomTag.DoseGridScaling)?.FirstOrDefault() is double doseScaling)
        {
            if (!(doseScaling > 0) || !double.IsFinite(doseScaling))
                throw new DataFormatException(path, DicomDataset.Name(DicomTag.DoseGridScaling), $"= {doseScaling}: must be a positive number");
            slope *= doseScaling;
            HasRescale = true;
            DoseGridScaling = doseScaling;
        }
        var position = ds.Doubles(DicomTag.ImagePositionPatient, 3);
        var offsets = ds.Doubles(DicomTag.GridFrameOffsetVector);
        for (int f = 0; f < pixels.Frames; f++)
        {
            slopes[f] = slope;
            intercepts[f] = intercept;
            if (f < perFrame.Count)
            {
                positions[f] = Nested(perFrame[f], DicomTag.PlanePositionSequence)?.Doubles(DicomTag.ImagePositionPatient, 3)!;
                if (Nested(perFrame[f], DicomTag.PixelValueTransformationSequence) is { } t)
                {
                    slopes[f] = t.Doubles(DicomTag.RescaleSlope)?.FirstOrDefault() ?? slope;
                    intercepts[f] = t.Doubles(DicomTag.RescaleIntercept)?.FirstOrDefault() ?? intercept;
                }
            }
            // GridFrameOffsetVector (3004,000C): relative to frame 0 (first element 0) or, when its first element is not 0, absolute
            // positions along the normal whose first is frame 0's (the standard's axial-only form): either way, frame f lies
            // (offsets[f] − offsets[0]) mm from ImagePositionPatient along the normal.
            if (positions[f] is null && position is not null && f == 0) positions[f] = position;
            if (positions[f] is null && position is not null && Orientation is not null && offsets is not null && offsets.Length == pixels.Frames)
            {
                var n = Normal(Orientation);
                double along = offsets[f] - offsets[0];
                positions[f] = [position[0] + along * n[0], position[1] + along * n[1], position[2] + along * n[2]];
            }
        }
        FramePositions = positions.All(p => p is not null) ? positions : null;
        Slopes = slopes;
        Intercepts = intercepts;
    }

    public string Path { get; }
    public DicomPixels Pixels { get; }
    public DicomSeriesInfo Info { get; }
    public string SeriesInstanceUid { get; }
    public long? InstanceNumber { get; }
    public string? RescaleType { get; }
    public bool HasRescale { get; }

    /// <summary>RT Dose's DoseGridScaling, applied in <see cref="Slopes"/> (null for other images).</summary>
    public double? DoseGridScaling { get; }

    /// <summary>ImageOrientationPatient: direction of a row (increasing column), then of a column (increasing row), LPS.</summary>
    public double[]? Orientation { get; }

    /// <summary>PixelSpacing: [between rows, between columns] in mm.</summary>
    public double[]? PixelSpacing { get; }
    public double? SliceThickness { get; }
    public double? SpacingBetweenSlices { get; }

    /// <summary>ImagePositionPatient of each frame's first pixel (LPS mm), or null when the file does not say.</summary>
    public double[][]? FramePositions { get; }
    public double[] Slopes { get; }
    public double[] Intercepts { get; }

    /// <summary>What was converted on the way (colour to grey, MONOCHROME1 inverted).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public static DicomImage Read(string path) => FromFile(DicomParser.Read(path));

    public static DicomImage FromFile(DicomFile file)
    {
        var pixels = DicomPixelDecoder.Decode(file);
        var warnings = new List<string>();
        if (pixels.Samples == 3)
            warnings.Add($"{System.IO.Path.GetFileName(file.Path)}: colour image ({pixels.Photometric}) converted to grey " +
                (pixels.Photometric.StartsWith("YBR", StringComparison.Ordinal) ? "(its Y channel)" : "(0.299 R + 0.587 G + 0.114 B)"));
        if (pixels.Photometric == "MONOCHROME1")
            warnings.Add($"{System.IO.Path.GetFileName(file.Path)}: MONOCHROME1 inverted so that larger values are brighter");
        return new DicomImage(file.Path, file.Dataset, pixels, warnings);
    }

    /// <summary>Frame <paramref name="frame"/> in physical values (MONOCHROME1 inverted, then rescaled), row-major.</summary>
    public float[] Frame(int frame)
    {
        var grey = Pixels.GreyFrame(frame);
        var (lo, hi) = Pixels.StoredRange();
        bool invert = Pixels.Photometric == "MONOCHROME1";
        var r = new float[grey.Length];
        for (int i = 0; i < r.Length; i++) r[i] = (float)((invert ? lo + hi - grey[i] : grey[i]) * Slopes[frame] + Intercepts[frame]);
        return r;
    }

    /// <summary>The slice normal (row direction × column direction) of an orientation.</summary>
    public static double[] Normal(double[] o) =>
        [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];

    private static DicomDataset? Nested(DicomDataset item, uint sequence)
    {
        var items = item.Sequence(sequence);
        return items.Count > 0 ? items[0] : null;
    }

    private static Dictionary<string, string> Pick(DicomDataset ds, params (string Name, uint Tag)[] tags)
    {
        var d = new Dictionary<string, string>();
        foreach (var (name, tag) in tags)
            if (ds.String(tag) is { } v) d[name] = v;
        return d;
    }
}
