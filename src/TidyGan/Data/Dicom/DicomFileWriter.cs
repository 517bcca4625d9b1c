using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TidyGan.Data;

/// <summary>
/// Encodes one DICOM Part 10 file in explicit VR little endian (PS3.10 §7.1, PS3.5 §7.1.2): a 128-byte zero
/// preamble, "DICM", the group 0002 meta header (with its group length) and the data set, elements in ascending tag
/// order, every value padded to even length (UI with NUL, OB with 0, text with a space). Only what
/// <see cref="DicomSeriesWriter"/> needs: text VRs, US, OB/OW; no sequences.
/// </summary>
public sealed class DicomFileWriter
{
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
    public const string ImplementationVersionName = "TIDYGAN_1";

    private static readonly HashSet<string> LongLengthVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"];
    private static readonly HashSet<string> TextVrs = ["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"];
    /// <summary>Maximum characters per value (PS3.5 table 6.2-1); PN's is per component group.</summary>
    private static readonly Dictionary<string, int> MaxLength = new()
    {
        ["AE"] = 16, ["AS"] = 4, ["CS"] = 16, ["DA"] = 8, ["DS"] = 16, ["IS"] = 12, ["LO"] = 64, ["LT"] = 10240,
        ["PN"] = 3 * 64 + 2, ["SH"] = 16, ["ST"] = 1024, ["TM"] = 14, ["UI"] = 64,
    };
    private readonly SortedDictionary<uint, (string Vr, byte[] Value)> elements = [];

    /// <summary>A text element (string VRs; multiple values joined with '\'). Empty text writes a zero-length (type 2) element.</summary>
    public DicomFileWriter Text(ushort group, ushort element, string vr, string value)
    {
        if (!TextVrs.Contains(vr)) throw new ArgumentException($"({group:X4},{element:X4}): VR {vr} is not a text VR", nameof(vr));
        if (MaxLength.TryGetValue(vr, out int max))
        {
            var values = vr is "ST" or "LT" or "UT" ? [value] : value.Split('\\');
            if (values.FirstOrDefault(v => v.Length > max) is { } tooLong)
                throw new ArgumentException($"({group:X4},{element:X4}) {vr}: '{tooLong}' is {tooLong.Length} characters, more than {vr}'s {max}", nameof(value));
        }
        return Raw(group, element, vr, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A US (unsigned short) element.</summary>
    public DicomFileWriter UnsignedShort(ushort group, ushort element, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return Raw(group, element, "US", bytes);
    }

    /// <summary>Any element with its value already encoded (little endian); padded to even length here.</summary>
    public DicomFileWriter Raw(ushort group, ushort element, string vr, byte[] value)
    {
        if (group == 0x0002) throw new ArgumentException("group 0002 is the meta header, written by Write", nameof(group));
        elements[(uint)group << 16 | element] = (vr, value);
        return this;
    }

    /// <summary>Writes the whole file: preamble, meta header for <paramref name="sopClassUid"/>/<paramref name="sopInstanceUid"/>, data set.</summary>
    public void Write(Stream stream, string sopClassUid, string sopInstanceUid)
    {
        var meta = new MemoryStream();
        WriteElement(meta, 0x0002, 0x0001, "OB", [0x00, 0x01]);
        WriteElement(meta, 0x0002, 0x0002, "UI", Encoding.ASCII.GetBytes(sopClassUid));
        WriteElement(meta, 0x0002, 0x0003, "UI", Encoding.ASCII.GetBytes(sopInstanceUid));
        WriteElement(meta, 0x0002, 0x0010, "UI", Encoding.ASCII.GetBytes(ExplicitVrLittleEndian));
        WriteElement(meta, 0x0002, 0x0012, "UI", Encoding.ASCII.GetBytes(DicomUidGenerator.ImplementationClassUid));
        WriteElement(meta, 0x0002, 0x0013, "SH", Encoding.ASCII.GetBytes(ImplementationVersionName));

        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, checked((uint)meta.Length));
        WriteElement(stream, 0x0002, 0x0000, "UL", groupLength);
        meta.Position = 0;
        meta.CopyTo(stream);
        foreach (var (tag, (vr, value)) in elements) WriteElement(stream, (ushort)(tag >> 16), (ushort)tag, vr, value);
    }

    private static void WriteElement(Stream stream, ushort group, ushort element, string vr, byte[] value)
    {
        int padded = value.Length + (value.Length & 1);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (LongLengthVrs.Contains(vr))
        {
            header[6] = header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], checked((uint)padded));
            stream.Write(header);
        }
        else
        {
            if (padded > ushort.MaxValue) throw new ArgumentException($"({group:X4},{element:X4}) {vr}: {padded} bytes do not fit a 16-bit length");
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)padded);
            stream.Write(header[..8]);
        }
        stream.Write(value);
        if (padded != value.Length) stream.WriteByte(vr is "UI" or "OB" ? (byte)0 : (byte)' ');
    }

    /// <summary>A DS (decimal string) value: the most precise form of <paramref name="value"/> within DS's 16 characters.</summary>
    public static string DecimalString(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"DS cannot hold {value}", nameof(value));
        if (value == 0) return "0";
        for (int digits = 15; digits >= 1; digits--)
        {
            var text = value.ToString("G" + digits, CultureInfo.InvariantCulture);
            if (text.Length <= 16) return text;
        }
        throw new ArgumentException($"DS cannot hold {value}", nameof(value));
    }

    /// <summary>Several DS values, backslash-separated.</summary>
    public static string DecimalStrings(params double[] values) => string.Join('\\', values.Select(DecimalString));
}
