using TidyGan.IO;

namespace TidyGan.Data.CtPhysics;

/// <summary>One CT volume to simulate: a name for its output files, where it came from, and how to read it.</summary>
public sealed record LowDoseSource(string Name, string Path, Func<Volume> Read);

/// <summary>
/// The CT volumes a `--data` name stands for, read by the loaders the datasets use: <c>ct-head</c> (InVesalius
/// Cranium), <c>nifti:PATH</c> (any file <see cref="VolumeFiles"/> reads), <c>cohort:PATH[:MODALITY][@SPLIT]</c>
/// (each subject's volume of that modality; all subjects unless a split is named).
/// </summary>
public static class LowDoseSources
{
    public static IReadOnlyList<LowDoseSource> Resolve(string data)
    {
        if (data == "ct-head")
        {
            Datasets.Require("ct-head", "invesalius-examples", Datasets.CraniumPath);
            return [new LowDoseSource("ct-head", Datasets.CraniumPath, () => InVesaliusReader.Read(Datasets.CraniumPath))];
        }
        if (data.StartsWith("nifti:", StringComparison.Ordinal))
        {
            var path = data["nifti:".Length..];
            if (!File.Exists(path) && !Directory.Exists(path)) throw new UserException($"{path}: no such file");
            return [new LowDoseSource(FileStem(path), path, () => VolumeFiles.Read(path))];
        }
        if (data.StartsWith(CohortSlices.Prefix, StringComparison.Ordinal))
        {
            var (path, modality, split) = CohortSlices.ParseName(data);
            var cohort = Cohort.Open(path);
            var chosen = cohort.SelectModality(modality);
            var subjects = split is null ? cohort.Subjects : cohort.Split(null)[split];
            var sources = subjects.Select(s => cohort.Item(s, chosen)).Where(i => i is not null)
                .Select(i => new LowDoseSource($"{i!.Subject}_{chosen}", i.Path, () => CohortSlices.ReadVolume(i))).ToList();
            return sources.Count > 0 ? sources : throw new UserException($"{data}: no subject has modality '{chosen}'");
        }
        throw new UserException($"--data '{data}': use ct-head, nifti:PATH or cohort:PATH[:MODALITY][@SPLIT]");
    }

    private static string FileStem(string path)
    {
        var name = System.IO.Path.GetFileName(path.TrimEnd('/', '\\'));
        foreach (var ext in new[] { ".nii.gz", ".nii", ".hdr", ".img", ".inv3", ".dcm" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name;
    }
}
