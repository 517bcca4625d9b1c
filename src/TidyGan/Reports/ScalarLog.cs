using System.Globalization;
using System.Text;

namespace TidyGan.Reports;

/// <summary>
/// Reads the trainer's scalar CSV (header <c>step,name,value,wall_time</c>, columns found by name) into
/// one <see cref="ScalarSeries"/> per name, in order of first appearance, points sorted by step. When a
/// step repeats for a name (a run resumed from an earlier checkpoint) the later row wins. Values
/// "nan", "inf", "-inf" (any case) are accepted; fields may be double-quoted as in RFC 4180.
/// </summary>
public static class ScalarLog
{
    /// <summary>Reads a scalar CSV file.</summary>
    public static IReadOnlyList<ScalarSeries> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path);
    }

    /// <summary>Reads scalar CSV text; <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyList<ScalarSeries> Read(TextReader reader, string source = "scalar log")
    {
        var header = reader.ReadLine() ?? throw new FormatException($"{source}: empty file, expected a header row.");
        var columns = SplitCsv(header.TrimStart('\uFEFF')).Select(c => c.Trim()).ToList();
        int stepColumn = Column(columns, "step", source), nameColumn = Column(columns, "name", source);
        int valueColumn = Column(columns, "value", source);

        var byName = new Dictionary<string, SortedDictionary<long, double>>(StringComparer.Ordinal);
        var order = new List<string>();
        int lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = SplitCsv(line);
            if (fields.Count < columns.Count)
                throw new FormatException($"{source}:{lineNumber}: {fields.Count} fields, expected {columns.Count}.");
            if (!long.TryParse(fields[stepColumn].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
                throw new FormatException($"{source}:{lineNumber}: step '{fields[stepColumn]}' is not an integer.");
            var name = fields[nameColumn];
            var value = ParseValue(fields[valueColumn].Trim())
                ?? throw new FormatException($"{source}:{lineNumber}: value '{fields[valueColumn]}' is not a number.");
            if (!byName.TryGetValue(name, out var points))
            {
                byName[name] = points = [];
                order.Add(name);
            }
            points[step] = value;
        }
        return order.Select(n => new ScalarSeries(n, byName[n].Select(p => (p.Key, p.Value)).ToList())).ToList();
    }

    private static int Column(List<string> columns, string name, string source)
    {
        int index = columns.FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index
            : throw new FormatException($"{source}: no '{name}' column in header '{string.Join(",", columns)}'.");
    }

    private static double? ParseValue(string text) => text.ToLowerInvariant() switch
    {
        "nan" or "-nan" => double.NaN,
        "inf" or "+inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null,
    };

    /// <summary>Splits one CSV line; double quotes delimit fields that hold commas, "" is a literal quote.</summary>
    internal static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch != '"') field.Append(ch);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
