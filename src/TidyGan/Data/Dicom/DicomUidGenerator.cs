using System.Globalization;
using System.Numerics;

namespace TidyGan.Data;

/// <summary>
/// New DICOM UIDs in the 2.25 form (PS3.5 B.2): "2.25." followed by the decimal value of a random 128-bit UUID;
/// at most 44 characters, under the 64 that UI allows.
/// </summary>
public static class DicomUidGenerator
{
    /// <summary>Identifies TidyGan's writer in every file's meta header (ImplementationClassUID), fixed for all versions.</summary>
    public const string ImplementationClassUid = "2.25.207744984958508158081689303253556025997";

    public static string New() => FromGuid(Guid.NewGuid());

    /// <summary>The UUID read as one big-endian 128-bit unsigned integer (RFC 4122 byte order).</summary>
    public static string FromGuid(Guid guid) =>
        "2.25." + new BigInteger(guid.ToByteArray(bigEndian: true), isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
}
