using System.Buffers.Binary;
using System.Globalization;

namespace TidyGan.Data;

/// <summary>
/// The public (even-group) elements of one DICOM data set or sequence item, with typed accessors that tell a wrong
/// value apart from a missing one: every malformed value is a <see cref="DataFormatException"/> naming the file and tag.
/// </summary>
public sealed class DicomDataset
{
    private readonly Dictionary<uint, DicomElement> elements;

    public DicomDataset(string file, IEnumerable<DicomElement> elements)
    {
        File = file;
        this.elements = new Dictionary<uint, DicomElement>();
        foreach (var e in elements) this.elements[e.Tag] = e;
    }

    /// <summary>The file it was read from, for error messages.</summary>
    public string File { get; }

    public IReadOnlyCollection<DicomElement> Elements => elements.Values;

    public bool Contains(uint tag) => elements.ContainsKey(tag);

    public DicomElement? this[uint tag] => elements.GetValueOrDefault(tag);

    /// <summary>Text of a string attribute, or null when absent or empty.</summary>
    public string? String(uint tag)
    {
        if (!elements.TryGetValue(tag, out var e)) return null;
        var s = e.Text;
        return s.Length == 0 ? null : s;
    }

    /// <summary>An integer: binary (US, SS, UL, SL) or text (IS). Null when absent or empty.</summary>
    public long? Integer(uint tag)
    {
        if (!elements.TryGetValue(tag, out var e) || e.Value.Length == 0) return null;
        var v = e.Value.Span;
        switch (e.Vr)
        {
            case "US": return Need(e, 2) ? (e.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v)) : null;
            case "SS": return Need(e, 2) ? (e.BigEndian ? BinaryPrimitives.ReadInt16BigEndian(v) : BinaryPrimitives.ReadInt16LittleEndian(v)) : null;
            case "UL": return Need(e, 4) ? (e.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt32LittleEndian(v)) : null;
            case "SL": return Need(e, 4) ? (e.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(v) : BinaryPrimitives.ReadInt32LittleEndian(v)) : null;
        }
        var text = e.Texts.FirstOrDefault();
        if (string.IsNullOrEmpty(text)) return null;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n)) return n;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 1e15) return (long)d;
        throw new DataFormatException(File, Name(tag), $"= '{text}' is not an integer");
    }

    /// <summary>Decimal values: text (DS, IS) or binary (FL, FD). Null when absent or empty.</summary>
    public double[]? Doubles(uint tag)
    {
        if (!elements.TryGetValue(tag, out var e) || e.Value.Length == 0) return null;
        var v = e.Value.Span;
        if (e.Vr is "FD" or "FL")
        {
            int size = e.Vr == "FD" ? 8 : 4;
            var r = new double[v.Length / size];
            for (int i = 0; i < r.Length; i++)
            {
                var s = v.Slice(i * size, size);
                r[i] = size == 8
                    ? (e.BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s))
                    : (e.BigEndian ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s));
            }
            return r;
        }
        var texts = e.Texts;
        if (texts.Length == 0) return null;
        var result = new double[texts.Length];
        for (int i = 0; i < texts.Length; i++)
            if (!double.TryParse(texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !double.IsFinite(result[i]))
                throw new DataFormatException(File, Name(tag), $"= '{e.Text}' is not a list of numbers");
        return result;
    }

    /// <summary>Exactly <paramref name="count"/> decimal values, or null when absent.</summary>
    public double[]? Doubles(uint tag, int count)
    {
        var v = Doubles(tag);
        if (v is null) return null;
        if (v.Length != count) throw new DataFormatException(File, Name(tag), $"has {v.Length} values, expected {count}");
        return v;
    }

    /// <summary>The items of a sequence (empty when absent).</summary>
    public IReadOnlyList<DicomDataset> Sequence(uint tag) =>
        elements.TryGetValue(tag, out var e) && e.Items is not null ? e.Items : [];

    private bool Need(DicomElement e, int bytes) =>
        e.Value.Length >= bytes ? true : throw new DataFormatException(File, Name(e.Tag), $"has {e.Value.Length} bytes, a {e.Vr} needs {bytes}");

    internal static string Name(uint tag)
    {
        foreach (var f in typeof(DicomTag).GetFields())
            if (f.IsLiteral && f.FieldType == typeof(uint) && (uint)f.GetRawConstantValue()! == tag) return $"{f.Name} {DicomTag.Format(tag)}";
        return DicomTag.Format(tag);
    }
}
