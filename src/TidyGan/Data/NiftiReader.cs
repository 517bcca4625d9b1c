using System.Buffers.Binary;
using System.Text;

namespace TidyGan.Data;

/// <summary>
/// Reads NIfTI-1 and NIfTI-2 images (.nii, .nii.gz, .hdr/.img pairs, gzipped or not, either byte order) into a
/// <see cref="Volume"/> with nibabel's scaling and affine. Every malformed header becomes a
/// <see cref="DataFormatException"/> naming the field; nothing is allocated before the header is validated.
/// </summary>
public static class NiftiReader
{
    /// <summary>Largest volume accepted: 2^28 voxels (1 GiB as float32).</summary>
    public const long MaxVoxels = 1L << 28;

    public static Volume Read(string path) => Read(path, out _);

    public static Volume Read(string path, out NiftiHeader header)
    {
        header = ReadHeader(path, out string dataPath, out long dataOffset);
        var type = header.DataType;
        var shape = header.Shape;
        long count = shape.Aggregate(1L, (a, s) => a * s);
        long bytes = count * type.BytesPerVoxel();
        if (bytes > Array.MaxLength)
            throw new DataFormatException(path, "dim", $"= [{string.Join(", ", shape)}]: {bytes} bytes of data is more than one array can hold");

        byte[] raw;
        using (var stream = DataStreams.OpenRead(dataPath, out bool compressed))
        {
            if (!compressed && stream.Length < dataOffset)
                throw new DataFormatException(path, "vox_offset", $"= {dataOffset}: past the end of the file ({stream.Length} bytes)");
            if (!compressed && stream.Length - dataOffset < bytes)
                throw new DataFormatException(path, "data", $"holds {stream.Length - dataOffset} bytes but dim and datatype need {bytes}");
            long skipped = DataStreams.Skip(stream, dataOffset, path);
            if (skipped < dataOffset)
                throw new DataFormatException(path, "vox_offset", $"= {dataOffset}: past the end of the file ({skipped} bytes)");
            raw = DataStreams.ReadExactlyChunked(stream, bytes, path, out long got)
                ?? throw new DataFormatException(path, "data", $"holds {got} bytes but dim and datatype need {bytes}");
        }

        double slope = 1, inter = 0;
        if (header.HasScaling)
        {
            if (!double.IsFinite(header.SclInter))
                throw new DataFormatException(path, "scl_inter", $"= {header.SclInter}: must be finite when scl_slope is set");
            slope = header.SclSlope;
            inter = header.SclInter;
        }
        var voxels = Decode(raw, type, header.BigEndian, (int)count, slope, inter);

        double[,] affine;
        try
        {
            affine = header.Affine;
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, "quatern_b", e.Message, e);
        }
        var spacing = new double[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            double p = i + 1 < 8 ? Math.Abs(header.PixDim[i + 1]) : 1;
            spacing[i] = i < 3 && p == 0 ? 1 : p;           // nibabel's header fix: zero voxel sizes become 1
        }
        var kind = header.IntentCode == 1002 ? IntensityKind.Label : IntensityKind.Unknown;   // NIFTI_INTENT_LABEL
        return new Volume(voxels, shape, affine, kind, type, path, spacing);
    }

    /// <summary>Parse and validate a header; says which file holds the data and where it starts.</summary>
    public static NiftiHeader ReadHeader(string path, out string dataPath, out long dataOffset)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no such file: {path}", path);
        string headerPath = path;
        string lower = path.ToLowerInvariant();
        if (lower.EndsWith(".img") || lower.EndsWith(".img.gz")) headerPath = SwapPairExtension(path, ".img", ".hdr");

        NiftiHeader header;
        using (var stream = DataStreams.OpenRead(headerPath))
            header = Parse(stream, headerPath);

        if (header.SingleFile)
        {
            dataPath = headerPath;
            // nibabel's fix: a single-file offset below the header+extension flag is raised to the minimum.
            long min = header.SizeOfHeader + 4;
            dataOffset = Math.Max((long)header.VoxOffset, min);
        }
        else
        {
            dataPath = SwapPairExtension(headerPath, ".hdr", ".img");
            if (!File.Exists(dataPath))
                throw new DataFormatException(headerPath, "magic", $"= '{header.Magic}' (header/image pair) but the image file {Path.GetFileName(dataPath)} is missing");
            dataOffset = (long)header.VoxOffset;
        }
        return header;
    }

    /// <summary>a.hdr ↔ a.img, keeping or finding a .gz suffix.</summary>
    private static string SwapPairExtension(string path, string from, string to)
    {
        string lower = path.ToLowerInvariant();
        string stem = lower.EndsWith(from + ".gz") ? path[..^(from.Length + 3)] : lower.EndsWith(from) ? path[..^from.Length] : path;
        string plain = stem + to, gz = stem + to + ".gz";
        return File.Exists(plain) ? plain : File.Exists(gz) ? gz : plain;
    }

    internal static NiftiHeader Parse(Stream stream, string file)
    {
        var buf = new byte[540];
        int n = DataStreams.ReadFully(stream, buf.AsSpan(0, 4), file);
        if (n < 4) throw new DataFormatException(file, "sizeof_hdr", $"missing: the file is truncated ({n} bytes)");
        int le = BinaryPrimitives.ReadInt32LittleEndian(buf), be = BinaryPrimitives.ReadInt32BigEndian(buf);
        int size = le is 348 or 540 ? le : be is 348 or 540 ? be : 0;
        if (size == 0) throw new DataFormatException(file, "sizeof_hdr", $"= {le}: not a NIfTI-1 (348) or NIfTI-2 (540) header in either byte order");
        bool big = le != size;
        n += DataStreams.ReadFully(stream, buf.AsSpan(4, size - 4), file);
        if (n < size) throw new DataFormatException(file, "header", $"is truncated: {n} of {size} bytes");
        var r = new Fields(buf, big);
        return size == 348 ? ParseNifti1(r, file) : ParseNifti2(r, file);
    }

    private static NiftiHeader ParseNifti1(Fields r, string file)
    {
        string magic = r.Text(344, 4);
        if (magic is not ("n+1" or "ni1"))
            throw new DataFormatException(file, "magic", $"= '{Printable(r.Bytes(344, 4))}': expected 'n+1' or 'ni1'");
        var dim = new long[8];
        var pixdim = new double[8];
        for (int i = 0; i < 8; i++)
        {
            dim[i] = r.I16(40 + 2 * i);
            pixdim[i] = r.F32(76 + 4 * i);
        }
        var h = new NiftiHeader
        {
            Version = 1, BigEndian = r.BigEndian, SizeOfHeader = 348, Magic = magic,
            DimInfo = r.Bytes(39, 1)[0], Dim = dim,
            IntentP1 = r.F32(56), IntentP2 = r.F32(60), IntentP3 = r.F32(64), IntentCode = r.I16(68),
            DataTypeCode = r.I16(70), BitPix = r.I16(72), SliceStart = r.I16(74), PixDim = pixdim,
            VoxOffset = r.F32(108), SclSlope = r.F32(112), SclInter = r.F32(116), SliceEnd = r.I16(120),
            SliceCode = r.Bytes(122, 1)[0], XyztUnits = r.Bytes(123, 1)[0], CalMax = r.F32(124), CalMin = r.F32(128),
            SliceDuration = r.F32(132), TOffset = r.F32(136), Description = r.Text(148, 80), AuxFile = r.Text(228, 24),
            QformCode = r.I16(252), SformCode = r.I16(254),
            QuaternB = r.F32(256), QuaternC = r.F32(260), QuaternD = r.F32(264),
            QOffsetX = r.F32(268), QOffsetY = r.F32(272), QOffsetZ = r.F32(276),
            SRowX = [r.F32(280), r.F32(284), r.F32(288), r.F32(292)],
            SRowY = [r.F32(296), r.F32(300), r.F32(304), r.F32(308)],
            SRowZ = [r.F32(312), r.F32(316), r.F32(320), r.F32(324)],
            IntentName = r.Text(328, 16),
        };
        Validate(h, file);
        return h;
    }

    private static NiftiHeader ParseNifti2(Fields r, string file)
    {
        string magic = r.Text(4, 8);
        var raw = r.Bytes(4, 8);
        bool tailOk = raw[3] == 0 && raw[4] == '\r' && raw[5] == '\n' && raw[6] == 0x1a && raw[7] == '\n';
        if (magic is not ("n+2" or "ni2") || !tailOk)
            throw new DataFormatException(file, "magic", $"= '{Printable(raw)}': expected 'n+2' or 'ni2' followed by \\0\\r\\n\\x1a\\n");
        var dim = new long[8];
        var pixdim = new double[8];
        for (int i = 0; i < 8; i++)
        {
            dim[i] = r.I64(16 + 8 * i);
            pixdim[i] = r.F64(104 + 8 * i);
        }
        var h = new NiftiHeader
        {
            Version = 2, BigEndian = r.BigEndian, SizeOfHeader = 540, Magic = magic,
            DataTypeCode = r.I16(12), BitPix = r.I16(14), Dim = dim,
            IntentP1 = r.F64(80), IntentP2 = r.F64(88), IntentP3 = r.F64(96), PixDim = pixdim,
            VoxOffset = r.I64(168), SclSlope = r.F64(176), SclInter = r.F64(184), CalMax = r.F64(192), CalMin = r.F64(200),
            SliceDuration = r.F64(208), TOffset = r.F64(216), SliceStart = r.I64(224), SliceEnd = r.I64(232),
            Description = r.Text(240, 80), AuxFile = r.Text(320, 24), QformCode = r.I32(344), SformCode = r.I32(348),
            QuaternB = r.F64(352), QuaternC = r.F64(360), QuaternD = r.F64(368),
            QOffsetX = r.F64(376), QOffsetY = r.F64(384), QOffsetZ = r.F64(392),
            SRowX = [r.F64(400), r.F64(408), r.F64(416), r.F64(424)],
            SRowY = [r.F64(432), r.F64(440), r.F64(448), r.F64(456)],
            SRowZ = [r.F64(464), r.F64(472), r.F64(480), r.F64(488)],
            SliceCode = r.I32(496), XyztUnits = r.I32(500), IntentCode = r.I32(504), IntentName = r.Text(508, 16),
            DimInfo = r.Bytes(524, 1)[0],
        };
        Validate(h, file);
        return h;
    }

    private static void Validate(NiftiHeader h, string file)
    {
        long nd = h.Dim[0];
        if (nd is < 1 or > 7) throw new DataFormatException(file, "dim[0]", $"= {nd}: the number of dimensions must be 1..7");
        long count = 1;
        for (int i = 1; i <= nd; i++)
        {
            long d = h.Dim[i];
            if (d <= 0) throw new DataFormatException(file, $"dim[{i}]", $"= {d}: dimensions must be positive");
            if (d > MaxVoxels) throw new DataFormatException(file, $"dim[{i}]", $"= {d}: absurdly large (more than {MaxVoxels} voxels)");
            count *= d;
            if (count > MaxVoxels)
                throw new DataFormatException(file, $"dim[{i}]", $"= {d}: the image would have {count}+ voxels, more than the {MaxVoxels} TidyGan accepts");
        }
        for (int i = 5; i <= nd; i++)
            if (h.Dim[i] != 1) throw new DataFormatException(file, $"dim[{i}]", $"= {h.Dim[i]}: images with more than 4 non-trivial dimensions are not supported");
        if (!NiftiDataTypes.IsSupported(h.DataTypeCode))
            throw new DataFormatException(file, "datatype", $"= {h.DataTypeCode}: unsupported (TidyGan reads uint8, int8, int16, uint16, int32, float32, float64)");
        if (!double.IsFinite(h.VoxOffset) || h.VoxOffset < 0)
            throw new DataFormatException(file, "vox_offset", $"= {h.VoxOffset}: must be a non-negative number");
        if (h.SingleFile && h.VoxOffset > 0 && h.VoxOffset < h.SizeOfHeader + 4)
            throw new DataFormatException(file, "vox_offset", $"= {h.VoxOffset}: inside the header (a single-file NIfTI needs at least {h.SizeOfHeader + 4})");
    }

    /// <summary>Raw bytes → float32 with slope/intercept, computed in double as nibabel does.</summary>
    private static float[] Decode(byte[] raw, NiftiDataType type, bool big, int count, double slope, double inter)
    {
        var v = GC.AllocateUninitializedArray<float>(count);
        var s = raw.AsSpan();
        bool scale = slope != 1 || inter != 0;
        switch (type)
        {
            case NiftiDataType.UInt8: for (int i = 0; i < count; i++) v[i] = s[i]; break;
            case NiftiDataType.Int8: for (int i = 0; i < count; i++) v[i] = (sbyte)s[i]; break;
            case NiftiDataType.Int16:
                for (int i = 0; i < count; i++)
                    v[i] = big ? BinaryPrimitives.ReadInt16BigEndian(s[(2 * i)..]) : BinaryPrimitives.ReadInt16LittleEndian(s[(2 * i)..]);
                break;
            case NiftiDataType.UInt16:
                for (int i = 0; i < count; i++)
                    v[i] = big ? BinaryPrimitives.ReadUInt16BigEndian(s[(2 * i)..]) : BinaryPrimitives.ReadUInt16LittleEndian(s[(2 * i)..]);
                break;
            case NiftiDataType.Int32:
                if (!scale)
                    for (int i = 0; i < count; i++)
                        v[i] = big ? BinaryPrimitives.ReadInt32BigEndian(s[(4 * i)..]) : BinaryPrimitives.ReadInt32LittleEndian(s[(4 * i)..]);
                else
                    for (int i = 0; i < count; i++)
                        v[i] = (float)((big ? BinaryPrimitives.ReadInt32BigEndian(s[(4 * i)..]) : BinaryPrimitives.ReadInt32LittleEndian(s[(4 * i)..])) * slope + inter);
                return v;
            case NiftiDataType.Float32:
                for (int i = 0; i < count; i++)
                    v[i] = big ? BinaryPrimitives.ReadSingleBigEndian(s[(4 * i)..]) : BinaryPrimitives.ReadSingleLittleEndian(s[(4 * i)..]);
                break;
            case NiftiDataType.Float64:
                for (int i = 0; i < count; i++)
                {
                    double d = big ? BinaryPrimitives.ReadDoubleBigEndian(s[(8 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(s[(8 * i)..]);
                    v[i] = (float)(scale ? d * slope + inter : d);
                }
                return v;
        }
        if (scale)
            for (int i = 0; i < count; i++) v[i] = (float)(v[i] * slope + inter);
        return v;
    }

    private static string Printable(byte[] b) =>
        new(b.Select(c => c is >= 32 and < 127 ? (char)c : '.').ToArray());

    /// <summary>Field reader honouring the header's byte order.</summary>
    private readonly struct Fields(byte[] buffer, bool bigEndian)
    {
        public bool BigEndian => bigEndian;
        public byte[] Bytes(int at, int n) => buffer.AsSpan(at, n).ToArray();
        public short I16(int at) => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(buffer.AsSpan(at)) : BinaryPrimitives.ReadInt16LittleEndian(buffer.AsSpan(at));
        public int I32(int at) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(at)) : BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(at));
        public long I64(int at) => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(at)) : BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(at));
        public double F32(int at) => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(buffer.AsSpan(at)) : BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(at));
        public double F64(int at) => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(buffer.AsSpan(at)) : BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(at));
        public string Text(int at, int n)
        {
            var span = buffer.AsSpan(at, n);
            int end = span.IndexOf((byte)0);
            return Encoding.Latin1.GetString(end < 0 ? span : span[..end]);
        }
    }
}
