namespace TidyGan.Data;

/// <summary>
/// Reads any volume format TidyGan knows: NIfTI-1/2 (.nii, .nii.gz, .hdr/.img), InVesalius (.inv3), or DICOM (a file,
/// or a folder holding one series; see <see cref="DicomSeriesReader"/>).
/// </summary>
public static class VolumeFiles
{
    private static readonly string[] NotDicom = [".nii", ".nii.gz", ".hdr", ".hdr.gz", ".img", ".img.gz", ".inv3", ".png", ".gz", "-ubyte"];

    public static Volume Read(string path)
    {
        if (Directory.Exists(path)) return DicomSeriesReader.Read(path).Volume;
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        if (path.EndsWith(".inv3", StringComparison.OrdinalIgnoreCase)) return InVesaliusReader.Read(path);
        return IsDicom(path) ? DicomSeriesReader.Read(path).Volume : NiftiReader.Read(path);
    }

    /// <summary>A folder, a .dcm file, or a file without a known other extension that starts like DICOM.</summary>
    public static bool IsDicom(string path)
    {
        if (Directory.Exists(path)) return true;
        if (path.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".dicom", StringComparison.OrdinalIgnoreCase)) return true;
        if (NotDicom.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))) return false;
        return DicomParser.LooksLikeDicom(path);
    }
}
