using TidyGan.IO;
using System.Globalization;
using System.Net;
using System.Text;

namespace TidyGan.Reports;

/// <summary>
/// A small self-contained static HTML page (inline CSS, no scripts, no network): a title, then blocks in
/// the order they are added — headings, paragraphs, key–value tables (the resolved config, with the
/// entries that differ from the defaults marked), images by relative path, generic tables, final losses,
/// timings. All text is HTML-escaped. <see cref="Save"/> writes atomically; image paths given as absolute
/// paths are made relative to the page's directory so the report folder can be moved as a whole.
/// </summary>
public sealed class HtmlReport(string title)
{
    private readonly List<Func<string?, string>> blocks = [];

    public string Title { get; } = title;

    /// <summary>A section heading; what follows belongs to it.</summary>
    public HtmlReport AddSection(string heading) => Add($"<h2>{Escape(heading)}</h2>");

    /// <summary>Free text; blank lines separate paragraphs, single newlines become line breaks.</summary>
    public HtmlReport AddText(string text)
    {
        var paragraphs = text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => $"<p>{Escape(p.Trim('\n')).Replace("\n", "<br>")}</p>");
        return Add(string.Join("\n", paragraphs));
    }

    /// <summary>
    /// A two-column table, e.g. the resolved config. Keys in <paramref name="changed"/> (those that differ
    /// from the defaults) are marked.
    /// </summary>
    public HtmlReport AddKeyValues(IEnumerable<KeyValuePair<string, string>> entries, string? heading = "Configuration",
        IReadOnlySet<string>? changed = null)
    {
        var html = new StringBuilder();
        if (heading is not null) html.Append($"<h2>{Escape(heading)}</h2>\n");
        html.Append("<table class=\"kv\">\n");
        foreach (var (key, value) in entries)
        {
            bool differs = changed?.Contains(key) == true;
            html.Append(differs ? "<tr class=\"changed\">" : "<tr>")
                .Append($"<th>{Escape(key)}</th><td>{Escape(value)}</td>")
                .Append(differs ? "<td class=\"note\">changed from default</td>" : "<td></td>")
                .Append("</tr>\n");
        }
        return Add(html.Append("</table>").ToString());
    }

    /// <summary>An image referenced by path (relative to the page, or absolute: made relative on save).</summary>
    public HtmlReport AddImage(string path, string? caption = null, int? width = null) => Add(baseDirectory =>
    {
        var src = Escape(ToUrl(path, baseDirectory));
        var alt = Escape(caption ?? Path.GetFileName(path));
        var size = width is int w ? $" width=\"{w}\"" : "";
        var figcaption = caption is null ? "" : $"<figcaption>{Escape(caption)}</figcaption>";
        return $"<figure><a href=\"{src}\"><img src=\"{src}\" alt=\"{alt}\"{size}></a>{figcaption}</figure>";
    });

    /// <summary>A table with a header row; every row must have as many cells as there are columns.</summary>
    public HtmlReport AddTable(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, string? heading = null)
    {
        var html = new StringBuilder();
        if (heading is not null) html.Append($"<h2>{Escape(heading)}</h2>\n");
        html.Append("<table>\n<tr>").AppendJoin("", columns.Select(c => $"<th>{Escape(c)}</th>")).Append("</tr>\n");
        foreach (var row in rows)
        {
            if (row.Count != columns.Count)
                throw new ArgumentException($"A row has {row.Count} cells for {columns.Count} columns.", nameof(rows));
            html.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{Escape(c)}</td>")).Append("</tr>\n");
        }
        return Add(html.Append("</table>").ToString());
    }

    /// <summary>Each series' last step and value, and the mean of its last <paramref name="tail"/> values.</summary>
    public HtmlReport AddFinalValues(IEnumerable<ScalarSeries> series, string? heading = "Final losses", int tail = 100) =>
        AddTable(["name", "step", "last", $"mean of last {tail}"],
            series.Where(s => s.Last is not null).Select(s => (IReadOnlyList<string>)
                [s.Name, s.Last!.Value.Step.ToString(CultureInfo.InvariantCulture), Number(s.Last.Value.Value), Number(s.TailMean(tail))]),
            heading);

    /// <summary>Named durations (e.g. "training", "sampling", "per step").</summary>
    public HtmlReport AddTimings(IEnumerable<KeyValuePair<string, TimeSpan>> timings, string? heading = "Timings") =>
        AddTable(["what", "time"], timings.Select(t => (IReadOnlyList<string>)[t.Key, Duration(t.Value)]), heading);

    /// <summary>The page; image paths are made relative to <paramref name="baseDirectory"/> when given.</summary>
    public string ToHtml(string? baseDirectory = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append($"<title>{Escape(Title)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n")
            .Append($"<h1>{Escape(Title)}</h1>\n");
        foreach (var block in blocks) html.Append(block(baseDirectory)).Append('\n');
        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>Writes the page atomically (temp file + rename), creating the directory.</summary>
    public void Save(string path) =>
        AtomicFile.WriteAllText(path, ToHtml(Path.GetDirectoryName(Path.GetFullPath(path))));

    internal static string Escape(string text) => WebUtility.HtmlEncode(text);

    private HtmlReport Add(string html) => Add(_ => html);

    private HtmlReport Add(Func<string?, string> block)
    {
        blocks.Add(block);
        return this;
    }

    private static string ToUrl(string path, string? baseDirectory)
    {
        if (Path.IsPathRooted(path) && baseDirectory is not null) path = Path.GetRelativePath(baseDirectory, path);
        return string.Join("/", path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
    }

    private static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : value.ToString("G5", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan t) => t.TotalSeconds < 60
        ? t.TotalSeconds.ToString(t.TotalSeconds < 1 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " s"
        : $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}";

    private const string Style = """
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1280px; color: #222; }
        h1 { border-bottom: 2px solid #444; padding-bottom: .2em; }
        h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: .5em 0; }
        th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        table.kv th { font-family: monospace; font-weight: normal; }
        tr.changed td, tr.changed th { background: #fff4cc; }
        td.note { color: #8a6d00; font-size: .85em; }
        figure { display: inline-block; margin: .5em 1em .5em 0; }
        figure img { max-width: 100%; image-rendering: pixelated; border: 1px solid #ddd; }
        figcaption { font-size: .9em; color: #555; }

        """;
}
