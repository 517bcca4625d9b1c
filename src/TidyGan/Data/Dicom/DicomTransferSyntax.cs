namespace TidyGan.Data;

/// <summary>
/// How a DICOM data set is encoded after its file meta group (PS3.5 §10): VR implicit or explicit, byte order,
/// deflate, and whether pixel data are encapsulated. TidyGan decodes native pixel data and RLE lossless; for every
/// other encapsulated syntax <see cref="DecompressHint"/> names the Debian command that turns the file into one
/// TidyGan reads.
/// </summary>
public sealed record DicomTransferSyntax(string Uid, string Name, bool ExplicitVr, bool BigEndian, bool Deflated, bool Rle,
    bool Encapsulated, string? DecompressHint)
{
    public static readonly DicomTransferSyntax ImplicitLittle = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false, false, null);
    public static readonly DicomTransferSyntax ExplicitLittle = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false, false, null);
    public static readonly DicomTransferSyntax DeflatedExplicitLittle = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false, false, null);
    public static readonly DicomTransferSyntax ExplicitBig = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false, false, null);
    public static readonly DicomTransferSyntax RleLossless = new("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, true, true, null);

    /// <summary>Decodable by TidyGan: native (uncompressed) or RLE pixel data.</summary>
    public bool Decodable => !Encapsulated || Rle;

    public static DicomTransferSyntax FromUid(string uid)
    {
        uid = uid.Trim('\0', ' ');
        foreach (var known in new[] { ImplicitLittle, ExplicitLittle, DeflatedExplicitLittle, ExplicitBig, RleLossless })
            if (known.Uid == uid) return known;
        const string jpeg = "dcmtk's `dcmdjpeg IN OUT` (or `gdcmconv --raw IN OUT`)";
        const string jpegLs = "dcmtk's `dcmdjpls IN OUT` (or `gdcmconv --raw IN OUT`)";
        const string other = "`gdcmconv --raw IN OUT` (Debian package libgdcm-tools)";
        var (name, hint) = uid switch
        {
            "1.2.840.10008.1.2.4.50" => ("JPEG Baseline (Process 1)", jpeg),
            "1.2.840.10008.1.2.4.51" => ("JPEG Extended (Process 2 & 4)", jpeg),
            "1.2.840.10008.1.2.4.57" => ("JPEG Lossless, Non-Hierarchical (Process 14)", jpeg),
            "1.2.840.10008.1.2.4.70" => ("JPEG Lossless, First-Order Prediction (Process 14 SV1)", jpeg),
            "1.2.840.10008.1.2.4.80" => ("JPEG-LS Lossless", jpegLs),
            "1.2.840.10008.1.2.4.81" => ("JPEG-LS Near-Lossless", jpegLs),
            "1.2.840.10008.1.2.4.90" => ("JPEG 2000 Lossless Only", other),
            "1.2.840.10008.1.2.4.91" => ("JPEG 2000", other),
            "1.2.840.10008.1.2.4.92" or "1.2.840.10008.1.2.4.93" => ("JPEG 2000 Part 2 Multi-component", other),
            "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203" => ("High-Throughput JPEG 2000", other),
            "1.2.840.10008.1.2.4.100" or "1.2.840.10008.1.2.4.101" or "1.2.840.10008.1.2.4.102" or "1.2.840.10008.1.2.4.103"
                or "1.2.840.10008.1.2.4.104" or "1.2.840.10008.1.2.4.105" or "1.2.840.10008.1.2.4.106" => ("MPEG video", other),
            _ => ("unknown transfer syntax", other),
        };
        // Every syntax but the four native ones encapsulates its pixel data, and (by PS3.5 A.4) is explicit VR little endian.
        return new DicomTransferSyntax(uid, name, true, false, false, false, true, hint);
    }

    public override string ToString() => $"{Name} ({Uid})";
}
