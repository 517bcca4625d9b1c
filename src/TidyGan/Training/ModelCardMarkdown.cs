using System.Globalization;
using System.Text;

namespace TidyGan.Training;

/// <summary>model-card.md: the same card as model-card.json, for people.</summary>
public static class ModelCardMarkdown
{
    private const int MaxFileRows = 40;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Write(ModelCard card)
    {
        var s = new StringBuilder();
        s.AppendLine(C, $"# Model card: {card.Title}");
        s.AppendLine();
        s.AppendLine(C, $"> **{card.Use.ClinicalUse}**");
        s.AppendLine();
        s.AppendLine("| | |");
        s.AppendLine("|---|---|");
        s.AppendLine(C, $"| model | {card.Model.Name} (`{card.Model.Kind}`) |");
        s.AppendLine(C, $"| paper | {card.Paper.Citation} ({card.Paper.Url}) |");
        s.AppendLine(C, $"| checkpoint | `{card.Checkpoint.Folder}`, step {card.Checkpoint.Step} |");
        s.AppendLine(C, $"| checkpoint SHA-256 | `{card.Checkpoint.Sha256}` |");
        s.AppendLine(C, $"| weights | `{card.Checkpoint.WeightsFile}` SHA-256 `{card.Checkpoint.Files.GetValueOrDefault(card.Checkpoint.WeightsFile, "—")}` |");
        if (card.Export is { } e) s.AppendLine(C, $"| exported | `{e.File}` ({e.Format}), SHA-256 `{e.Sha256}` |");
        s.AppendLine(C, $"| written by | {card.Tool}, {card.UpdatedUtc} |");
        s.AppendLine();

        s.AppendLine("## Model and the paper it follows");
        s.AppendLine();
        s.AppendLine(I($"{card.Model.Name}, following {card.Paper.Citation}, {card.Paper.Url}") +
            (card.Paper.ReferenceImplementation is { } reference ? $"; reference implementation {reference}." : "."));
        s.AppendLine();
        s.AppendLine(C, $"**Differences from {card.Paper.DefaultsFrom}** ({card.Paper.Differences.Count} of {card.Model.Settings.Count} settings):");
        s.AppendLine();
        if (card.Paper.Differences.Count == 0) s.AppendLine("none.");
        else Table(s, ["setting", "value", "default"], card.Paper.Differences.Select(d => new[] { d.Key, d.Value, d.Default }));
        s.AppendLine();
        foreach (var note in card.Paper.Notes) s.AppendLine(C, $"- {note}");
        s.AppendLine();
        s.AppendLine("All resolved settings are in model-card.json (`model.settings`, `model.options`, `model.trainer`).");
        s.AppendLine();

        s.AppendLine("## Training data");
        foreach (var d in card.Data)
        {
            var p = d.Preprocessing;
            s.AppendLine();
            s.AppendLine(C, $"### {d.Role}: {d.Name}");
            s.AppendLine();
            s.AppendLine(C, $"- source: {d.Source}");
            s.AppendLine(C, $"- images: {(d.Images > 0 ? d.Images.ToString(C) : "not recorded")}{(d.Limit is { } limit ? $" (limited to {limit})" : "")}{(d.Classes.Count > 0 ? $"; {d.Classes.Count} classes: {string.Join(", ", d.Classes)}" : "")}");
            s.AppendLine(I($"- preprocessing: {p.ImageSize}×{p.ImageSize} px, {p.Channels} channel(s); intensity {p.IntensityMapping}") +
                (p.FieldOfViewMm is { } fov ? I($"; field of view {fov:0.###} mm") : "") +
                (p.PixelSpacingMm is { Length: 2 } px ? I($"; source pixels {px[0]:0.###} × {px[1]:0.###} mm") : "") +
                (p.SliceAxis is { } axis ? I($", {axis} slices {p.SliceSpacingMm:0.###} mm apart") : "") +
                (p.MaxDepthMm is { } depth ? I($"; slices ≤ {depth:0.###} mm below the vertex") : "") +
                $"; augmentation: {p.Augmentation}");
            if (d.Subjects is { } subjects)
                s.AppendLine(C, $"- subjects: train {subjects.Train.Count} ({List(subjects.Train)}), val {subjects.Val.Count} ({List(subjects.Val)}), test {subjects.Test.Count} ({List(subjects.Test)})");
            s.AppendLine(C, $"- input files: {d.FilesNote}");
            if (d.Files.Count > 0)
            {
                s.AppendLine();
                Table(s, ["file", "subject", "split", "SHA-256", "bytes"], d.Files.Take(MaxFileRows).Select(f => new[]
                {
                    $"`{f.Path}`{(f.Files > 1 ? $" ({f.Files} files)" : "")}", f.Subject ?? "", f.Split ?? "", $"`{f.Sha256}`", f.Bytes.ToString("N0", C),
                }));
                if (d.Files.Count > MaxFileRows) s.AppendLine(C, $"\n… and {d.Files.Count - MaxFileRows} more in model-card.json.");
            }
        }
        s.AppendLine();

        var t = card.Training;
        s.AppendLine("## Training budget");
        s.AppendLine();
        s.AppendLine(I($"{t.Steps} of {t.PlannedSteps} steps, batch {t.BatchSize}, seed {t.Seed}, device {t.Device}; ") +
            (t.WallSeconds is { } wall ? I($"{wall:0.#} s of training ({t.StepsPerSecond:0.###} steps/s over the recorded sessions).") : "training time not recorded (this card was made after training)."));
        if (t.Sessions.Count > 0)
        {
            s.AppendLine();
            Table(s, ["steps", "wall time (s)", "steps/s", "machine", "finished"],
                t.Sessions.Select(x => new[] { $"{x.FromStep} → {x.ToStep}", x.WallSeconds.ToString("0.#", C), x.StepsPerSecond.ToString("0.###", C), x.Machine, x.FinishedUtc }));
        }
        s.AppendLine();

        s.AppendLine("## Checkpoint");
        s.AppendLine();
        s.AppendLine(C, $"`{card.Checkpoint.Folder}` (step {card.Checkpoint.Step}, written {card.Checkpoint.CreatedUtc}). Its SHA-256 `{card.Checkpoint.Sha256}` is the {card.Checkpoint.Sha256Method}.");
        s.AppendLine();
        Table(s, ["file", "SHA-256"], card.Checkpoint.Files.Select(f => new[] { $"`{f.Key}`", $"`{f.Value}`" }));
        s.AppendLine();

        s.AppendLine("## Metrics");
        s.AppendLine();
        if (card.Metrics.Count == 0)
        {
            s.AppendLine("None measured yet: `tidygan evaluate --fake RUN`, `tidygan cyclegan-eval --checkpoint RUN` and `tidygan turing report` add their results here.");
            s.AppendLine();
        }
        foreach (var m in card.Metrics.Values)
        {
            s.AppendLine(C, $"### {m.Command} (step {m.Step}{(m.Step != card.Checkpoint.Step ? $"; the card's checkpoint is at step {card.Checkpoint.Step}" : "")}, {m.MeasuredUtc})");
            s.AppendLine();
            s.AppendLine(C, $"Against: {m.Against}.");
            s.AppendLine();
            Table(s, ["metric", "value", "95% interval", "n", "n real", "extractor / unit"], m.Values.Select(v => new[]
            {
                v.Name, v.Value.ToString("G5", C), v.Low is { } lo && v.High is { } hi ? $"{lo.ToString("G4", C)} … {hi.ToString("G4", C)}" : "—",
                v.N?.ToString(C) ?? "—", v.NReal?.ToString(C) ?? "—", v.Extractor ?? v.Unit ?? "",
            }));
            if (m.Notes.Count > 0 || m.Values.Any(v => v.Note is not null)) s.AppendLine();
            foreach (var note in m.Notes.Concat(m.Values.Where(v => v.Note is not null).Select(v => $"{v.Name}: {v.Note}")).Distinct())
                s.AppendLine(C, $"- {note}");
            s.AppendLine();
        }

        s.AppendLine("## Intended use");
        s.AppendLine();
        s.AppendLine(card.Use.Intended);
        s.AppendLine();
        s.AppendLine(C, $"**{card.Use.ClinicalUse}**");
        s.AppendLine();
        s.AppendLine("Out of scope:");
        foreach (var o in card.Use.OutOfScope) s.AppendLine(C, $"- {o}");
        s.AppendLine();
        s.AppendLine(C, $"Licence: {card.Use.License}.");

        if (card.Export is { } x)
        {
            s.AppendLine();
            s.AppendLine("## Export");
            s.AppendLine();
            s.AppendLine(C, $"`{x.File}`: {x.Format}, {x.Bytes:N0} bytes, SHA-256 `{x.Sha256}`; network {x.Network}, step {x.Step}{(x.UsesEma ? ", EMA weights" : "")}; " +
                $"exported from `{x.FromCheckpoint}` (checkpoint SHA-256 `{x.FromCheckpointSha256}`).");
            if (x.Details.Count > 0)
            {
                s.AppendLine();
                Table(s, ["detail", "value"], x.Details.Select(d => new[] { d.Key, d.Value }));
            }
        }
        s.AppendLine();
        s.AppendLine("model-card.json also holds these fields in medigan's model-metadata layout (`medigan`); see docs/model-cards.md.");
        return s.ToString();
    }

    private static string I(FormattableString text) => FormattableString.Invariant(text);

    private static string List(IReadOnlyList<string> ids) => ids.Count == 0 ? "—" : ids.Count <= 12 ? string.Join(", ", ids) : string.Join(", ", ids.Take(12)) + ", …";

    private static void Table(StringBuilder s, string[] header, IEnumerable<string[]> rows)
    {
        s.AppendLine("| " + string.Join(" | ", header) + " |");
        s.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows) s.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
    }
}
