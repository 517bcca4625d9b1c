namespace TidyGan.Data;

/// <summary>What <see cref="DicomSeriesWriter"/> wrote: the folder, its files in slice order and the identifiers it used.</summary>
/// <param name="SkippedKeywords">Reference patient/study keywords the writer does not know and so did not copy.</param>
public sealed record DicomSeriesWritten(
    string Folder,
    IReadOnlyList<string> Files,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string FrameOfReferenceUid,
    IReadOnlyList<string> SkippedKeywords);
