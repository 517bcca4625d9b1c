namespace TidyGan.Data;

/// <summary>
/// What a DICOM series says about where it belongs, beside its voxels: the identifiers a derived series must share
/// (study, frame of reference), its own series identity, and the patient module, so that a synthetic series written
/// from it sits beside it in a planning system. Read by <c>DicomSeriesReader</c>; used by <c>DicomSeriesWriter</c>.
/// </summary>
/// <param name="Patient">Patient-module attributes by DICOM keyword (PatientName, PatientID, PatientBirthDate, PatientSex, ...), as strings.</param>
/// <param name="Study">Study attributes by keyword (StudyDate, StudyTime, StudyID, AccessionNumber, ReferringPhysicianName, StudyDescription), as strings.</param>
public sealed record DicomSeriesInfo(
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string FrameOfReferenceUid,
    string Modality,
    string SeriesDescription,
    IReadOnlyDictionary<string, string> Patient,
    IReadOnlyDictionary<string, string> Study);
