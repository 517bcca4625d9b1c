using System.Buffers.Binary;
using System.IO.Compression;

namespace TidyGan.Data;

/// <summary>
/// Parses DICOM files (PS3.10 with preamble and meta group, or bare data sets) in implicit/explicit VR little endian,
/// explicit big endian, deflated explicit little endian, and the encapsulated syntaxes (fragments kept, not decoded).
/// Sequences of defined and undefined length are walked item by item; private (odd-group) elements are skipped.
/// No length is trusted: one that runs past its enclosing item or the file is a <see cref="DataFormatException"/>.
/// </summary>
public static class DicomParser
{
    private const uint Undefined = 0xFFFF_FFFF;
    private const int MaxDepth = 32;
    private const long MaxInflated = 1L << 30;
    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];
    private static readonly HashSet<string> KnownVrs =
    [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH",
        "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ];

    public static DicomFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return Parse(path, File.ReadAllBytes(path));
    }

    /// <summary>True when the file starts like DICOM: "DICM" after a 128-byte preamble, or a plausible first element.</summary>
    public static bool LooksLikeDicom(string path)
    {
        if (!File.Exists(path)) return false;
        Span<byte> head = stackalloc byte[132];
        int n;
        using (var s = File.OpenRead(path)) n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') return true;
        if (n < 12) return false;
        ushort groupLe = BinaryPrimitives.ReadUInt16LittleEndian(head), groupBe = BinaryPrimitives.ReadUInt16BigEndian(head);
        bool vrLetters = char.IsAsciiLetterUpper((char)head[4]) && char.IsAsciiLetterUpper((char)head[5]);
        return (groupLe is 0x0002 or 0x0008 && (vrLetters || BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) < 1024))
            || (groupBe == 0x0008 && vrLetters);
    }

    public static DicomFile Parse(string path, byte[] bytes)
    {
        bool preamble = bytes.Length >= 132 && bytes[128] == 'D' && bytes[129] == 'I' && bytes[130] == 'C' && bytes[131] == 'M';
        int pos = preamble ? 132 : 0;
        var meta = new Reader(path, bytes, explicitVr: true, bigEndian: false);
        var metaElements = new List<DicomElement>();
        while (pos + 8 <= bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos)) == 0x0002)
            if (meta.ReadElement(ref pos, bytes.Length, 0) is { } e) metaElements.Add(e);
        if (!preamble && metaElements.Count == 0 && !LooksLikeDataSet(bytes))
            throw new DataFormatException(path, "preamble", "has no 'DICM' marker and the file does not start like a DICOM data set");
        var metaSet = new DicomDataset(path, metaElements);
        var syntax = metaSet.String(DicomTag.TransferSyntaxUid) is { } uid ? DicomTransferSyntax.FromUid(uid) : Guess(bytes, pos);

        byte[] data = bytes;
        if (syntax.Deflated)
        {
            data = Inflate(path, bytes, pos);
            pos = 0;
        }
        var reader = new Reader(path, data, syntax.ExplicitVr, syntax.BigEndian);
        var elements = new List<DicomElement>(metaElements);
        reader.ReadElements(ref pos, data.Length, 0, elements, untilItemDelimiter: false);
        return new DicomFile(path, syntax, new DicomDataset(path, elements), preamble);
    }

    private static bool LooksLikeDataSet(byte[] b) =>
        b.Length >= 8 && (BinaryPrimitives.ReadUInt16LittleEndian(b) is >= 0x0002 and <= 0x0028 || BinaryPrimitives.ReadUInt16BigEndian(b) is >= 0x0002 and <= 0x0028);

    /// <summary>A file without meta group: explicit if the first element carries a VR, big endian if its group reads so.</summary>
    private static DicomTransferSyntax Guess(byte[] b, int pos)
    {
        if (b.Length < pos + 8) return DicomTransferSyntax.ImplicitLittle;
        bool vr = KnownVrs.Contains(System.Text.Encoding.ASCII.GetString(b, pos + 4, 2));
        ushort le = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(pos)), be = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(pos));
        if (vr && be < le) return DicomTransferSyntax.ExplicitBig;
        return vr ? DicomTransferSyntax.ExplicitLittle : DicomTransferSyntax.ImplicitLittle;
    }

    private static byte[] Inflate(string path, byte[] bytes, int pos)
    {
        try
        {
            using var input = new DeflateStream(new MemoryStream(bytes, pos, bytes.Length - pos), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                if (output.Length + n > MaxInflated) throw new DataFormatException(path, "deflated data set", $"inflates beyond {MaxInflated >> 20} MiB");
                output.Write(buffer, 0, n);
            }
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new DataFormatException(path, "deflated data set", "is not valid raw deflate data: " + ex.Message, ex);
        }
    }

    private sealed class Reader(string file, byte[] data, bool explicitVr, bool bigEndian)
    {
        private ushort U16(int at) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));
        private uint U32(int at) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));
        private uint Tag(int at) => (uint)U16(at) << 16 | U16(at + 2);

        /// <summary>Reads elements up to <paramref name="end"/> (or an item delimiter), keeping the public ones.</summary>
        public void ReadElements(ref int pos, int end, int depth, List<DicomElement> into, bool untilItemDelimiter)
        {
            while (pos < end)
            {
                if (end - pos < 8)
                {
                    if (depth == 0 && data.AsSpan(pos, end - pos).IndexOfAnyExcept((byte)0) < 0) { pos = end; return; }  // trailing padding
                    throw new DataFormatException(file, "data set", $"ends inside an element header at byte {pos} ({end - pos} bytes left)");
                }
                if (Tag(pos) == DicomTag.ItemDelimitation)
                {
                    pos += 8;
                    if (untilItemDelimiter) return;
                    continue;
                }
                if (ReadElement(ref pos, end, depth) is { } e && (e.Tag >> 16) % 2 == 0) into.Add(e);
            }
            if (untilItemDelimiter && depth > 0)
                throw new DataFormatException(file, "sequence item", "of undefined length has no item delimiter before the end of its container");
        }

        /// <summary>One element (null for a stray delimiter); advances <paramref name="pos"/> past it.</summary>
        public DicomElement? ReadElement(ref int pos, int end, int depth)
        {
            if (end - pos < 8) throw new DataFormatException(file, "data set", $"ends inside an element header at byte {pos}");
            uint tag = Tag(pos);
            if (tag is DicomTag.SequenceDelimitation or DicomTag.ItemDelimitation) { pos += 8; return null; }
            string vr;
            long length;
            if (explicitVr && tag >> 16 != 0xFFFE)
            {
                vr = System.Text.Encoding.ASCII.GetString(data, pos + 4, 2);
                if (!KnownVrs.Contains(vr))
                {
                    // Some writers put an implicit-VR element in an explicit data set; read its 4-byte length as such.
                    vr = DicomTag.ImplicitVr(tag);
                    length = U32(pos + 4);
                    pos += 8;
                }
                else if (LongVrs.Contains(vr))
                {
                    if (end - pos < 12) throw new DataFormatException(file, DicomDataset.Name(tag), $"ends inside its header at byte {pos}");
                    length = U32(pos + 8);
                    pos += 12;
                }
                else
                {
                    length = U16(pos + 6);
                    pos += 8;
                }
            }
            else
            {
                vr = DicomTag.ImplicitVr(tag);
                length = U32(pos + 4);
                pos += 8;
            }

            if (length == Undefined)
            {
                if (tag == DicomTag.PixelData) return new DicomElement(tag, vr, default, bigEndian, Fragments: ReadFragments(ref pos, end));
                if (vr == "UN" && explicitVr)
                {
                    // PS3.5 6.2.2: an undefined-length UN is a sequence in implicit VR little endian.
                    var implicitReader = new Reader(file, data, false, false);
                    return new DicomElement(tag, "SQ", default, false, implicitReader.ReadItems(ref pos, end, defined: false, depth + 1));
                }
                return new DicomElement(tag, "SQ", default, bigEndian, ReadItems(ref pos, end, defined: false, depth + 1));
            }
            if (length > end - pos)
                throw new DataFormatException(file, DicomDataset.Name(tag),
                    $"has length {length} at byte {pos}, past the end of its {(depth == 0 ? "file" : "item")} ({end - pos} bytes left)");
            int start = pos;
            pos += (int)length;
            if (vr == "SQ")
            {
                int p = start;
                return new DicomElement(tag, vr, default, bigEndian, ReadItems(ref p, pos, defined: true, depth + 1));
            }
            return new DicomElement(tag, vr, new ReadOnlyMemory<byte>(data, start, (int)length), bigEndian);
        }

        private List<DicomDataset> ReadItems(ref int pos, int end, bool defined, int depth)
        {
            if (depth > MaxDepth) throw new DataFormatException(file, "sequence", $"nests deeper than {MaxDepth} levels");
            var items = new List<DicomDataset>();
            while (pos < end)
            {
                if (end - pos < 8) throw new DataFormatException(file, "sequence", $"ends inside an item header at byte {pos}");
                uint tag = Tag(pos);
                uint length = U32(pos + 4);
                pos += 8;
                if (tag == DicomTag.SequenceDelimitation)
                {
                    if (defined) continue;
                    return items;
                }
                if (tag != DicomTag.Item) throw new DataFormatException(file, "sequence", $"holds {DicomTag.Format(tag)} at byte {pos - 8} where an item was expected");
                var elements = new List<DicomElement>();
                if (length == Undefined) ReadElements(ref pos, end, depth, elements, untilItemDelimiter: true);
                else
                {
                    if (length > end - pos) throw new DataFormatException(file, "sequence item", $"has length {length} at byte {pos}, past the end of its sequence ({end - pos} bytes left)");
                    int itemEnd = pos + (int)length;
                    ReadElements(ref pos, itemEnd, depth, elements, untilItemDelimiter: false);
                    pos = itemEnd;
                }
                items.Add(new DicomDataset(file, elements));
            }
            if (!defined) throw new DataFormatException(file, "sequence", "of undefined length has no sequence delimiter before the end of the file");
            return items;
        }

        private List<ReadOnlyMemory<byte>> ReadFragments(ref int pos, int end)
        {
            var fragments = new List<ReadOnlyMemory<byte>>();
            while (true)
            {
                if (end - pos < 8) throw new DataFormatException(file, "PixelData (7FE0,0010)", "encapsulated pixel data have no sequence delimiter before the end of the file");
                uint tag = Tag(pos);
                uint length = U32(pos + 4);
                pos += 8;
                if (tag == DicomTag.SequenceDelimitation) return fragments;
                if (tag != DicomTag.Item) throw new DataFormatException(file, "PixelData (7FE0,0010)", $"holds {DicomTag.Format(tag)} at byte {pos - 8} where a fragment was expected");
                if (length > end - pos) throw new DataFormatException(file, "PixelData (7FE0,0010)", $"fragment of length {length} at byte {pos} runs past the end of the file ({end - pos} bytes left)");
                fragments.Add(new ReadOnlyMemory<byte>(data, pos, (int)length));
                pos += (int)length;
            }
        }
    }
}
