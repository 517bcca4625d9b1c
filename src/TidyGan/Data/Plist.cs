using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace TidyGan.Data;

/// <summary>
/// Apple XML property lists (InVesalius' main.plist): dict → Dictionary, array → List, integer → long,
/// real → double, string, true/false → bool, date → string.
/// </summary>
public static class Plist
{
    public static object? Parse(byte[] xml)
    {
        using var ms = new MemoryStream(xml);
        // The DOCTYPE points at apple.com: ignore it, never fetch anything.
        using var reader = XmlReader.Create(ms, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        var doc = XDocument.Load(reader, LoadOptions.None);
        var root = doc.Root?.Elements().FirstOrDefault();
        return root is null ? null : Value(root);
    }

    public static Dictionary<string, object?> ParseDict(byte[] xml) =>
        Parse(xml) as Dictionary<string, object?> ?? throw new FormatException("plist root is not a dict");

    private static object? Value(XElement e) => e.Name.LocalName switch
    {
        "dict" => Dict(e),
        "array" => e.Elements().Select(Value).ToList(),
        "integer" => long.Parse(e.Value.Trim(), CultureInfo.InvariantCulture),
        "real" => double.Parse(e.Value.Trim(), CultureInfo.InvariantCulture),
        "true" => true,
        "false" => false,
        _ => e.Value,
    };

    private static Dictionary<string, object?> Dict(XElement e)
    {
        var d = new Dictionary<string, object?>();
        string? key = null;
        foreach (var child in e.Elements())
        {
            if (child.Name.LocalName == "key") key = child.Value;
            else if (key is not null) { d[key] = Value(child); key = null; }
        }
        return d;
    }

    public static double ToDouble(object? o) => o switch
    {
        long l => l,
        double d => d,
        string s => double.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"not a number: {o}"),
    };
}
