namespace TidyGan.Data;

/// <summary>Reads any volume format TidyGan knows by its extension: NIfTI-1/2 (.nii, .nii.gz, .hdr/.img) or InVesalius (.inv3).</summary>
public static class VolumeFiles
{
    public static Volume Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return path.EndsWith(".inv3", StringComparison.OrdinalIgnoreCase) ? InVesaliusReader.Read(path) : NiftiReader.Read(path);
    }
}
