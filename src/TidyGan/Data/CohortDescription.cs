using System.Text;
using System.Text.Json;
using TidyGan.IO;

namespace TidyGan.Data;

/// <summary>One cohort item as <c>tidygan data info cohort:PATH</c> shows it (Error set when it could not be read).</summary>
public sealed record CohortItemDescription(string Modality, string Path, int[] Shape, double[] Spacing, string Orientation, string? Error = null);

/// <summary>One subject: its split (for the default fractions 0.8, 0.1, 0.1 and seed 0, or the manifest's) and its items.</summary>
public sealed record CohortSubjectDescription(string Subject, string Split, string? Label, IReadOnlyList<CohortItemDescription> Items);

/// <summary>
/// What <c>tidygan data info cohort:PATH</c> prints: subjects × modalities with dims, spacing and orientation (the
/// axis codes of the affine, e.g. RAS), each subject's split, and the problems found: a subject without a modality that
/// others have, a modality whose subjects' orientations disagree, a label map (modality <c>label</c>, <c>labels</c> or <c>seg</c>)
/// not on its subject's image grid (dims and affine), and items that cannot be read.
/// </summary>
public sealed record CohortDescription(string Path, IReadOnlyList<string> Modalities, IReadOnlyList<CohortSubjectDescription> Subjects, IReadOnlyList<string> Problems)
{
    public static CohortDescription Of(string path)
    {
        if (path.StartsWith(CohortSlices.Prefix, StringComparison.Ordinal)) path = CohortSlices.ParseName(path).Path;
        var cohort = Cohort.Open(path);
        var split = cohort.Split();
        var problems = new List<string>();
        var volumes = new Dictionary<(string, string), Volume>();
        var subjects = new List<CohortSubjectDescription>();
        foreach (var subject in cohort.Subjects)
        {
            var items = new List<CohortItemDescription>();
            foreach (var item in cohort.Items.Where(i => i.Subject == subject).OrderBy(i => i.Modality, StringComparer.Ordinal))
            {
                try
                {
                    var v = CohortSlices.ReadVolume(item);
                    volumes[(subject, item.Modality)] = v;
                    items.Add(new CohortItemDescription(item.Modality, item.Path, v.Shape, v.Spacing, OrientationCode(v.Affine)));
                }
                catch (Exception e) when (e is UserException or DataFormatException or IOException)
                {
                    items.Add(new CohortItemDescription(item.Modality, item.Path, [], [], "", e.Message));
                    problems.Add($"{subject}: {item.Modality} cannot be read: {e.Message}");
                }
            }
            subjects.Add(new CohortSubjectDescription(subject, split.Of(subject) ?? "", cohort.Label(subject), items));
        }
        foreach (var m in cohort.Modalities)
        {
            var missing = cohort.Subjects.Where(s => cohort.Item(s, m) is null).ToList();
            foreach (var s in missing) problems.Add($"{s}: no {m} (other subjects have it)");
            var codes = subjects.SelectMany(s => s.Items.Where(i => i.Modality == m && i.Error is null).Select(i => (s.Subject, i.Orientation)))
                .GroupBy(x => x.Orientation).OrderByDescending(g => g.Count()).ToList();
            if (codes.Count > 1)
                problems.Add($"{m}: orientations disagree: " + string.Join("; ", codes.Select(g => $"{g.Key} ({string.Join(", ", g.Select(x => x.Subject).Take(5))}{(g.Count() > 5 ? ", …" : "")})")));
        }
        foreach (var label in cohort.Modalities.Where(m => m is "label" or "labels" or "seg"))
            foreach (var subject in cohort.Subjects)
            {
                if (!volumes.TryGetValue((subject, label), out var map)) continue;
                foreach (var m in cohort.Modalities.Where(m => m is not ("label" or "labels" or "seg")))
                    if (volumes.TryGetValue((subject, m), out var image) && !SameGrid(map, image))
                        problems.Add($"{subject}: {label} is not on the {m} grid ({string.Join("×", map.Shape.Take(3))} vs {string.Join("×", image.Shape.Take(3))}{(map.Shape.AsSpan(0, 3).SequenceEqual(image.Shape.AsSpan(0, 3)) ? ", affines differ" : "")})");
            }
        return new CohortDescription(path, cohort.Modalities, subjects, problems);
    }

    /// <summary>Same dims (x, y, z) and affine to within 0.001 mm.</summary>
    public static bool SameGrid(Volume a, Volume b)
    {
        if (!a.Shape.AsSpan(0, 3).SequenceEqual(b.Shape.AsSpan(0, 3))) return false;
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                if (Math.Abs(a.Affine[r, c] - b.Affine[r, c]) > 1e-3) return false;
        return true;
    }

    /// <summary>Axis codes of an affine: for each voxel axis the world direction it mostly points to (R/L, A/P, S/I).</summary>
    public static string OrientationCode(double[,] affine)
    {
        var code = new char[3];
        for (int c = 0; c < 3; c++)
        {
            int best = 0;
            for (int r = 1; r < 3; r++) if (Math.Abs(affine[r, c]) > Math.Abs(affine[best, c])) best = r;
            bool positive = affine[best, c] >= 0;
            code[c] = best switch { 0 => positive ? 'R' : 'L', 1 => positive ? 'A' : 'P', _ => positive ? 'S' : 'I' };
        }
        return new string(code);
    }

    public string ToJson(bool indented = true)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("cohort", Path);
            w.WriteStartArray("modalities");
            foreach (var m in Modalities) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteStartArray("subjects");
            foreach (var s in Subjects)
            {
                w.WriteStartObject();
                w.WriteString("subject", s.Subject);
                w.WriteString("split", s.Split);
                if (s.Label is not null) w.WriteString("label", s.Label);
                w.WriteStartArray("items");
                foreach (var i in s.Items)
                {
                    w.WriteStartObject();
                    w.WriteString("modality", i.Modality);
                    w.WriteString("path", i.Path);
                    w.WriteStartArray("shape");
                    foreach (var d in i.Shape) w.WriteNumberValue(d);
                    w.WriteEndArray();
                    w.WriteStartArray("spacing");
                    foreach (var d in i.Spacing) w.WriteNumberValue(d);
                    w.WriteEndArray();
                    w.WriteString("orientation", i.Orientation);
                    if (i.Error is not null) w.WriteString("error", i.Error);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("problems");
            foreach (var p in Problems) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }
}
