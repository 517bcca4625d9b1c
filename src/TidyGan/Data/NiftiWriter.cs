using TidyGan.IO;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TidyGan.Data;

/// <summary>
/// Writes a <see cref="Volume"/> as little-endian NIfTI-1: .nii, .nii.gz, or a .hdr/.img pair (.hdr.gz too).
/// The affine goes into both sform and qform (codes 1, scanner), spacing into pixdim; integer types are
/// rounded (half to even, like numpy's rint) and clamped; scl_slope 1 / scl_inter 0. Written to a temporary
/// file and renamed, so a crash never leaves a half-written image under the final name.
/// </summary>
public static class NiftiWriter
{
    public static void Write(string path, Volume volume, NiftiDataType? dataType = null, string description = "TidyGan")
    {
        var type = dataType ?? volume.SourceDataType;
        string lower = path.ToLowerInvariant();
        bool pair = lower.EndsWith(".hdr") || lower.EndsWith(".hdr.gz");
        var header = BuildHeader(volume, type, pair, description);
        var data = Encode(volume.Voxels, type);
        if (!pair)
        {
            WriteAtomically(path, s =>
            {
                s.Write(header);
                s.Write(new byte[4]);                     // extension flag: no extensions
                s.Write(data);
            });
            return;
        }
        bool gz = lower.EndsWith(".gz");
        string stem = path[..^(gz ? 7 : 4)];
        string imgPath = stem + (gz ? ".img.gz" : ".img");
        WriteAtomically(imgPath, s => s.Write(data));
        WriteAtomically(path, s => s.Write(header));
    }

    private static void WriteAtomically(string path, Action<Stream> write) => AtomicFile.Write(path, file =>
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) { write(file); return; }
        using var gz = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
        write(gz);
    });

    internal static byte[] BuildHeader(Volume v, NiftiDataType type, bool pair, string description)
    {
        var h = new byte[348];
        var s = h.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(s, 348);
        s[38] = (byte)'r';                                  // "regular", as nibabel writes
        BinaryPrimitives.WriteInt16LittleEndian(s[40..], (short)v.Shape.Length);
        for (int i = 0; i < 7; i++)
            BinaryPrimitives.WriteInt16LittleEndian(s[(42 + 2 * i)..], (short)(i < v.Shape.Length ? v.Shape[i] : 1));
        foreach (int d in v.Shape)
            if (d > short.MaxValue) throw new ArgumentException($"dimension {d} does not fit NIfTI-1 (max {short.MaxValue})", nameof(v));
        BinaryPrimitives.WriteInt16LittleEndian(s[70..], (short)type);
        BinaryPrimitives.WriteInt16LittleEndian(s[72..], (short)(8 * type.BytesPerVoxel()));

        var (b, c, d2, qfac, zooms, offset) = NiftiAffine.ToQform(v.Affine);
        WriteF32(s, 76, qfac);
        for (int i = 0; i < 7; i++)
            WriteF32(s, 80 + 4 * i, i < v.Spacing.Length ? v.Spacing[i] : i < 3 ? zooms[i] : 1);
        WriteF32(s, 108, pair ? 0 : 352);
        WriteF32(s, 112, 1);                                // scl_slope
        WriteF32(s, 116, 0);                                // scl_inter
        s[123] = 2 | 8;                                     // xyzt_units: mm, seconds
        var (min, max, _) = v.Statistics();
        WriteF32(s, 124, max);                              // cal_max/cal_min: display range
        WriteF32(s, 128, min);
        var text = Encoding.ASCII.GetBytes(description);
        text.AsSpan(0, Math.Min(79, text.Length)).CopyTo(s[148..]);
        BinaryPrimitives.WriteInt16LittleEndian(s[252..], 1);   // qform_code: scanner
        BinaryPrimitives.WriteInt16LittleEndian(s[254..], 1);   // sform_code: scanner
        WriteF32(s, 256, b);
        WriteF32(s, 260, c);
        WriteF32(s, 264, d2);
        WriteF32(s, 268, offset[0]);
        WriteF32(s, 272, offset[1]);
        WriteF32(s, 276, offset[2]);
        for (int r = 0; r < 3; r++)
            for (int col = 0; col < 4; col++)
                WriteF32(s, 280 + 16 * r + 4 * col, v.Affine[r, col]);
        Encoding.ASCII.GetBytes(pair ? "ni1\0" : "n+1\0").CopyTo(s[344..]);
        return h;
    }

    private static void WriteF32(Span<byte> s, int at, double value) => BinaryPrimitives.WriteSingleLittleEndian(s[at..], (float)value);

    internal static byte[] Encode(float[] voxels, NiftiDataType type)
    {
        int bpv = type.BytesPerVoxel();
        var data = new byte[(long)voxels.Length * bpv];
        var s = data.AsSpan();
        var (lo, hi) = type.Range();
        for (int i = 0; i < voxels.Length; i++)
        {
            float f = voxels[i];
            double r = type.IsInteger() ? (float.IsNaN(f) ? 0 : Math.Clamp(Math.Round(f, MidpointRounding.ToEven), lo, hi)) : f;
            switch (type)
            {
                case NiftiDataType.UInt8: s[i] = (byte)r; break;
                case NiftiDataType.Int8: s[i] = (byte)(sbyte)r; break;
                case NiftiDataType.Int16: BinaryPrimitives.WriteInt16LittleEndian(s[(2 * i)..], (short)r); break;
                case NiftiDataType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(s[(2 * i)..], (ushort)r); break;
                case NiftiDataType.Int32: BinaryPrimitives.WriteInt32LittleEndian(s[(4 * i)..], (int)r); break;
                case NiftiDataType.Float32: BinaryPrimitives.WriteSingleLittleEndian(s[(4 * i)..], f); break;
                case NiftiDataType.Float64: BinaryPrimitives.WriteDoubleLittleEndian(s[(8 * i)..], f); break;
            }
        }
        return data;
    }
}
