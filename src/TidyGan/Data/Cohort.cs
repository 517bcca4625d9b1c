using TidyGan.IO;

namespace TidyGan.Data;

/// <summary>One volume of a cohort: a subject's image of one modality (a NIfTI file, a DICOM series folder, or the DICOM
/// files lying directly in the subject folder, then <see cref="Path"/> is that folder and <see cref="DirectDicom"/> is set).</summary>
public sealed record CohortItem(string Subject, string Modality, string Path, string? Split = null, string? Label = null, bool DirectDicom = false);

/// <summary>
/// Your own data: subjects × modalities, from either
/// (a) a folder with one sub-folder per subject. In a subject folder each NIfTI file (.nii, .nii.gz, .hdr[.gz]) is an
/// item whose modality is its file name stem in lower case (<c>t1.nii.gz</c> → t1, <c>CT.nii</c> → ct); each sub-folder is
/// a DICOM series whose modality is the folder's name in lower case; DICOM files lying directly in the subject folder are
/// one series whose modality is its DICOM Modality (0008,0060) in lower case (MR → mr, CT → ct). Hidden files and other
/// files are ignored; two items of one modality in a subject are an error. Or
/// (b) a CSV or TSV manifest (<c>.csv</c>, <c>.tsv</c>) with a header row naming the columns <c>subject</c>, <c>modality</c>,
/// <c>path</c> (relative to the manifest's folder, or absolute) and optionally <c>split</c> (train/val/test) and
/// <c>label</c> (a class name). Modality names are compared in lower case.
/// </summary>
public sealed class Cohort
{
    private static readonly string[] NiftiEndings = [".nii.gz", ".nii", ".hdr.gz", ".hdr"];
    public static readonly string[] SplitNames = ["train", "val", "test"];

    private Cohort(string path, IReadOnlyList<CohortItem> items, bool fromManifest)
    {
        Path = path;
        Items = items;
        FromManifest = fromManifest;
        Subjects = items.Select(i => i.Subject).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        Modalities = items.Select(i => i.Modality).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
    }

    /// <summary>The folder or manifest it was opened from.</summary>
    public string Path { get; }

    public IReadOnlyList<CohortItem> Items { get; }

    public bool FromManifest { get; }

    /// <summary>Subject ids, sorted ordinally.</summary>
    public IReadOnlyList<string> Subjects { get; }

    /// <summary>Modalities found, in lower case, sorted.</summary>
    public IReadOnlyList<string> Modalities { get; }

    /// <summary>True when the manifest gives a split for at least one subject.</summary>
    public bool HasManifestSplits => Items.Any(i => i.Split is not null);

    public CohortItem? Item(string subject, string modality) =>
        Items.FirstOrDefault(i => i.Subject == subject && i.Modality == modality);

    /// <summary>The subjects' class labels (from the manifest's label column), or null when no subject has one.</summary>
    public string? Label(string subject) => Items.Where(i => i.Subject == subject).Select(i => i.Label).FirstOrDefault(l => l is not null);

    /// <summary>A folder of subject folders, or a .csv/.tsv manifest.</summary>
    public static Cohort Open(string path)
    {
        if (File.Exists(path)) return OpenManifest(path);
        if (!Directory.Exists(path)) throw new UserException($"cohort {path}: no such folder or manifest");
        var items = new List<CohortItem>();
        foreach (var dir in Directory.EnumerateDirectories(path).Where(d => !Hidden(d)).OrderBy(d => d, StringComparer.Ordinal))
            items.AddRange(Discover(System.IO.Path.GetFileName(dir), dir));
        if (items.Count == 0) throw new UserException($"cohort {path}: no subject folder with a NIfTI file or DICOM series (expected PATH/SUBJECT/t1.nii.gz, PATH/SUBJECT/ct/*.dcm, ...)");
        return new Cohort(path, items, fromManifest: false);
    }

    /// <summary>The items of one subject folder (see the class summary for the naming rule).</summary>
    private static IEnumerable<CohortItem> Discover(string subject, string dir)
    {
        var items = new List<CohortItem>();
        foreach (var sub in Directory.EnumerateDirectories(dir).Where(d => !Hidden(d)).OrderBy(d => d, StringComparer.Ordinal))
            if (Directory.EnumerateFiles(sub, "*", SearchOption.AllDirectories).Any(DicomParser.LooksLikeDicom))
                items.Add(new CohortItem(subject, System.IO.Path.GetFileName(sub).ToLowerInvariant(), sub));
        string? directDicom = null;
        foreach (var file in Directory.EnumerateFiles(dir).Where(f => !Hidden(f)).OrderBy(f => f, StringComparer.Ordinal))
        {
            string name = System.IO.Path.GetFileName(file);
            var ending = NiftiEndings.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
            if (ending is not null) items.Add(new CohortItem(subject, name[..^ending.Length].ToLowerInvariant(), file));
            else if (directDicom is null && !name.EndsWith(".img", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".img.gz", StringComparison.OrdinalIgnoreCase)
                     && VolumeFiles.IsDicom(file)) directDicom = file;
        }
        if (directDicom is not null)
        {
            var modality = DicomParser.Read(directDicom).Dataset.String(DicomTag.Modality)?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(modality)) throw new UserException($"cohort: {directDicom} has no Modality (0008,0060): put the series in a sub-folder named after its modality");
            items.Add(new CohortItem(subject, modality, dir, DirectDicom: true));
        }
        foreach (var g in items.GroupBy(i => i.Modality).Where(g => g.Count() > 1))
            throw new UserException($"cohort: subject '{subject}' has {g.Count()} items of modality '{g.Key}' ({string.Join(", ", g.Select(i => System.IO.Path.GetFileName(i.Path)))}); keep one");
        return items;
    }

    private static bool Hidden(string path) => System.IO.Path.GetFileName(path).StartsWith('.');

    private static Cohort OpenManifest(string manifest)
    {
        char separator = manifest.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t'
            : manifest.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ','
            : throw new UserException($"cohort {manifest}: a manifest must be a .csv or .tsv file (or give a folder of subject folders)");
        var lines = File.ReadAllLines(manifest).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count < 2) throw new UserException($"cohort {manifest}: the manifest needs a header row and at least one item");
        var header = lines[0].Split(separator).Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToList();
        int Column(string name, bool required)
        {
            int c = header.IndexOf(name);
            if (c < 0 && required) throw new UserException($"cohort {manifest}: no '{name}' column (columns: subject, modality, path, optional split, label; found {string.Join(", ", header)})");
            return c;
        }
        int cs = Column("subject", true), cm = Column("modality", true), cp = Column("path", true), csp = Column("split", false), cl = Column("label", false);
        string root = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(manifest))!;
        var items = new List<CohortItem>();
        for (int row = 1; row < lines.Count; row++)
        {
            var f = lines[row].Split(separator).Select(v => v.Trim().Trim('"')).ToArray();
            string Cell(int c) => c >= 0 && c < f.Length ? f[c] : "";
            string? Optional(int c) => Cell(c) is { Length: > 0 } v ? v : null;
            string subject = Cell(cs), modality = Cell(cm).ToLowerInvariant(), rel = Cell(cp);
            if (subject.Length == 0 || modality.Length == 0 || rel.Length == 0)
                throw new UserException($"cohort {manifest}, line {row + 1}: subject, modality and path must not be empty");
            var split = Optional(csp)?.ToLowerInvariant();
            if (split is not null && !SplitNames.Contains(split))
                throw new UserException($"cohort {manifest}, line {row + 1}: split '{split}' is not one of train, val, test");
            string full = System.IO.Path.IsPathRooted(rel) ? rel : System.IO.Path.Combine(root, rel);
            if (!File.Exists(full) && !Directory.Exists(full)) throw new UserException($"cohort {manifest}, line {row + 1}: {full}: no such file or folder");
            items.Add(new CohortItem(subject, modality, full, split, Optional(cl)));
        }
        foreach (var g in items.GroupBy(i => (i.Subject, i.Modality)).Where(g => g.Count() > 1))
            throw new UserException($"cohort {manifest}: subject '{g.Key.Subject}' has {g.Count()} rows of modality '{g.Key.Modality}'");
        foreach (var g in items.GroupBy(i => i.Subject))
        {
            if (g.Select(i => i.Split).Where(s => s is not null).Distinct().Count() > 1)
                throw new UserException($"cohort {manifest}: subject '{g.Key}' is given two splits ({string.Join(", ", g.Select(i => i.Split).Distinct())}); a subject belongs to one split");
            if (g.Select(i => i.Label).Where(s => s is not null).Distinct().Count() > 1)
                throw new UserException($"cohort {manifest}: subject '{g.Key}' is given two labels");
        }
        return new Cohort(manifest, items, fromManifest: true);
    }

    /// <summary>
    /// The one modality to use: <paramref name="modality"/> when given (an error listing the modalities found when the
    /// cohort has none of it), else the cohort's only modality (an error listing them when there are several).
    /// </summary>
    public string SelectModality(string? modality)
    {
        string found = string.Join(", ", Modalities);
        if (modality is not null)
        {
            var m = modality.ToLowerInvariant();
            return Modalities.Contains(m) ? m : throw new UserException($"cohort {Path}: no modality '{modality}'; modalities found: {found}");
        }
        return Modalities.Count == 1 ? Modalities[0]
            : throw new UserException($"cohort {Path} has several modalities ({found}): pick one, e.g. cohort:{Path}:{Modalities[0]}");
    }

    /// <summary>
    /// Subject-level splits. Subjects with a split in the manifest keep it; the others are split by
    /// <see cref="CohortSplit.Assign"/> (fractions train, val, test and a seed). Every subject lies in exactly one split.
    /// </summary>
    /// <summary>The split by <paramref name="rule"/> (null: the default), which the result records.</summary>
    public CohortSplit Split(CohortSplitRule? rule)
    {
        var r = rule ?? CohortSplitRule.Default;
        return Split(r.Train, r.Val, r.Test, r.Seed) with { Rule = r };
    }

    public CohortSplit Split(double train = 0.8, double val = 0.1, double test = 0.1, int seed = 0)
    {
        var given = Subjects.ToDictionary(s => s, s => Items.Where(i => i.Subject == s).Select(i => i.Split).FirstOrDefault(x => x is not null));
        var rest = CohortSplit.Assign(Subjects.Where(s => given[s] is null).ToList(), train, val, test, seed);
        List<string> Of(string split, IReadOnlyList<string> assigned) =>
            given.Where(kv => kv.Value == split).Select(kv => kv.Key).Concat(assigned).OrderBy(s => s, StringComparer.Ordinal).ToList();
        return new CohortSplit(Of("train", rest.Train), Of("val", rest.Val), Of("test", rest.Test));
    }
}
