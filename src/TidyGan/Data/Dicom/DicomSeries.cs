namespace TidyGan.Data;

/// <summary>One assembled DICOM series: its voxels (NIfTI order and RAS affine, as dcm2niix writes them), what it says about itself, and what was converted on the way.</summary>
public sealed record DicomSeries(Volume Volume, DicomSeriesInfo Info, IReadOnlyList<string> Warnings, IReadOnlyList<string> Files);
