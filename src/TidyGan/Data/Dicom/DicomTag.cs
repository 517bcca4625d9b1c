namespace TidyGan.Data;

/// <summary>The DICOM attributes TidyGan reads, as (group &lt;&lt; 16 | element), with the VR an implicit-VR file leaves out.</summary>
public static class DicomTag
{
    public const uint TransferSyntaxUid = 0x0002_0010;
    public const uint StudyDate = 0x0008_0020, StudyTime = 0x0008_0030, AccessionNumber = 0x0008_0050, Modality = 0x0008_0060;
    public const uint ReferringPhysicianName = 0x0008_0090, StudyDescription = 0x0008_1030, SeriesDescription = 0x0008_103E;
    public const uint PatientName = 0x0010_0010, PatientId = 0x0010_0020, PatientBirthDate = 0x0010_0030, PatientSex = 0x0010_0040;
    public const uint SliceThickness = 0x0018_0050, SpacingBetweenSlices = 0x0018_0088;
    public const uint StudyInstanceUid = 0x0020_000D, SeriesInstanceUid = 0x0020_000E, StudyId = 0x0020_0010, InstanceNumber = 0x0020_0013;
    public const uint ImagePositionPatient = 0x0020_0032, ImageOrientationPatient = 0x0020_0037, FrameOfReferenceUid = 0x0020_0052;
    public const uint PlanePositionSequence = 0x0020_9113, PlaneOrientationSequence = 0x0020_9116;
    public const uint SamplesPerPixel = 0x0028_0002, PhotometricInterpretation = 0x0028_0004, PlanarConfiguration = 0x0028_0006;
    public const uint NumberOfFrames = 0x0028_0008, Rows = 0x0028_0010, Columns = 0x0028_0011, PixelSpacing = 0x0028_0030;
    public const uint BitsAllocated = 0x0028_0100, BitsStored = 0x0028_0101, HighBit = 0x0028_0102, PixelRepresentation = 0x0028_0103;
    public const uint RescaleIntercept = 0x0028_1052, RescaleSlope = 0x0028_1053, RescaleType = 0x0028_1054;
    public const uint PixelMeasuresSequence = 0x0028_9110, PixelValueTransformationSequence = 0x0028_9145;
    public const uint GridFrameOffsetVector = 0x3004_000C, DoseGridScaling = 0x3004_000E;
    public const uint SharedFunctionalGroupsSequence = 0x5200_9229, PerFrameFunctionalGroupsSequence = 0x5200_9230;
    public const uint PixelData = 0x7FE0_0010;
    public const uint Item = 0xFFFE_E000, ItemDelimitation = 0xFFFE_E00D, SequenceDelimitation = 0xFFFE_E0DD;

    /// <summary>The VR of a tag in an implicit-VR data set; "UN" for tags TidyGan does not interpret.</summary>
    public static string ImplicitVr(uint tag) => tag switch
    {
        SamplesPerPixel or PlanarConfiguration or Rows or Columns or BitsAllocated or BitsStored or HighBit or PixelRepresentation => "US",
        PlanePositionSequence or PlaneOrientationSequence or PixelMeasuresSequence or PixelValueTransformationSequence
            or SharedFunctionalGroupsSequence or PerFrameFunctionalGroupsSequence => "SQ",
        PixelData => "OW",
        _ when (tag & 0xFFFF) == 0 => "UL",                       // group length
        _ => "UN",
    };

    public static string Format(uint tag) => $"({tag >> 16:X4},{tag & 0xFFFF:X4})";
}
