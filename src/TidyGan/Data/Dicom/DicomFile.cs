namespace TidyGan.Data;

/// <summary>One parsed DICOM file: its transfer syntax and data set (pixel data still encoded). See <see cref="DicomParser"/>.</summary>
public sealed record DicomFile(string Path, DicomTransferSyntax TransferSyntax, DicomDataset Dataset, bool HasPreamble);
