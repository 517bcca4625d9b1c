namespace TidyGan.Data;

/// <summary>
/// One parsed data element: its value bytes (a view into the file), or the items of a sequence, or the fragments of
/// encapsulated pixel data. Numbers are decoded with the data set's byte order.
/// </summary>
public sealed record DicomElement(uint Tag, string Vr, ReadOnlyMemory<byte> Value, bool BigEndian,
    IReadOnlyList<DicomDataset>? Items = null, IReadOnlyList<ReadOnlyMemory<byte>>? Fragments = null)
{
    /// <summary>The value as text (character VRs), trailing spaces and NULs removed.</summary>
    public string Text => System.Text.Encoding.Latin1.GetString(Value.Span).TrimEnd(' ', '\0').TrimStart(' ');

    /// <summary>Backslash-separated values, each trimmed.</summary>
    public string[] Texts => Text.Length == 0 ? [] : Text.Split('\\').Select(s => s.Trim(' ', '\0')).ToArray();
}
