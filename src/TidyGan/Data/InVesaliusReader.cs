using System.Buffers.Binary;

namespace TidyGan.Data;

/// <summary>
/// Reads an InVesalius 3 project (.inv3: a gzipped tar holding main.plist and matrix.dat) as a CT volume in
/// Hounsfield units.
/// <para>
/// matrix.dat is a raw little-endian numpy array of plist shape (slices, rows, columns) in C order, so the
/// column index runs fastest: it maps without copying to a Volume of shape [columns, rows, slices] (x, y, z).
/// plist spacing is (column, row, slice) in mm. Axis convention (checked by eye on Cranium.inv3's mid
/// slices): rows run from posterior (head-rest arc at row 0) to anterior (face), slices from inferior
/// (orbits) to superior (vertex); columns are assumed to keep DICOM's right → left order (the head is too
/// symmetric to check by eye). See <see cref="AffineFor"/>.
/// </para>
/// </summary>
public static class InVesaliusReader
{
    public sealed record Project(Volume Volume, string Name, string Modality, double WindowLevel, double WindowWidth, double[] ScalarRange);

    public static Volume Read(string path) => ReadProject(path).Volume;

    public static Project ReadProject(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no such file: {path}", path);
        var entries = TarReader.Read(path, n => n.EndsWith("main.plist") || n.EndsWith(".dat") && !Path.GetFileName(n).StartsWith("mask"));
        var main = entries.FirstOrDefault(e => Path.GetFileName(e.Name) == "main.plist")
            ?? throw new DataFormatException(path, "main.plist", "is missing: not an InVesalius project");
        Dictionary<string, object?> plist;
        try { plist = Plist.ParseDict(main.Data); }
        catch (Exception e) when (e is FormatException or System.Xml.XmlException)
        {
            throw new DataFormatException(path, "main.plist", "is not a valid XML plist: " + e.Message, e);
        }
        var matrix = plist.GetValueOrDefault("matrix") as Dictionary<string, object?>
            ?? throw new DataFormatException(path, "matrix", "is missing from main.plist");
        string dtype = matrix.GetValueOrDefault("dtype") as string ?? "int16";
        string file = matrix.GetValueOrDefault("filename") as string ?? "matrix.dat";
        var shapeList = matrix.GetValueOrDefault("shape") as List<object?>;
        if (shapeList is not { Count: 3 }) throw new DataFormatException(path, "matrix.shape", "must list 3 dimensions");
        var npShape = shapeList.Select(o => (long)Plist.ToDouble(o)).ToArray();          // (slices, rows, columns)
        if (npShape.Any(d => d <= 0 || d > 1 << 16))
            throw new DataFormatException(path, "matrix.shape", $"= [{string.Join(", ", npShape)}]: dimensions must be 1..65536");
        var spacingList = plist.GetValueOrDefault("spacing") as List<object?>;
        double[] spacing = spacingList is { Count: 3 } ? spacingList.Select(Plist.ToDouble).ToArray() : [1, 1, 1];
        var data = entries.FirstOrDefault(e => Path.GetFileName(e.Name) == file)
            ?? throw new DataFormatException(path, "matrix.filename", $"= '{file}': not in the archive");

        long count = npShape[0] * npShape[1] * npShape[2];
        if (count > NiftiReader.MaxVoxels) throw new DataFormatException(path, "matrix.shape", "absurdly large");
        int bpv = dtype switch { "uint8" or "int8" => 1, "int16" or "uint16" => 2, "int32" or "float32" => 4, "float64" => 8, _ => 0 };
        if (bpv == 0) throw new DataFormatException(path, "matrix.dtype", $"= '{dtype}': unsupported");
        if (data.Data.LongLength != count * bpv)
            throw new DataFormatException(path, "matrix.dat", $"holds {data.Data.Length} bytes but shape and dtype need {count * bpv}");
        var voxels = Decode(data.Data, dtype, (int)count);
        int[] shape = [(int)npShape[2], (int)npShape[1], (int)npShape[0]];
        var type = dtype switch
        {
            "uint8" => NiftiDataType.UInt8, "int8" => NiftiDataType.Int8, "uint16" => NiftiDataType.UInt16,
            "int32" => NiftiDataType.Int32, "float32" => NiftiDataType.Float32, "float64" => NiftiDataType.Float64,
            _ => NiftiDataType.Int16,
        };
        string modality = plist.GetValueOrDefault("modality") as string ?? "CT";
        var kind = modality == "CT" ? IntensityKind.Hounsfield : IntensityKind.Unknown;
        var volume = new Volume(voxels, shape, AffineFor(shape, spacing), kind, type, path, spacing);
        var range = plist.GetValueOrDefault("scalar_range") is List<object?> { Count: 2 } r ? r.Select(Plist.ToDouble).ToArray() : [];
        return new Project(volume, plist.GetValueOrDefault("name") as string ?? "", modality,
            plist.TryGetValue("window_level", out var wl) ? Plist.ToDouble(wl) : double.NaN,
            plist.TryGetValue("window_width", out var ww) ? Plist.ToDouble(ww) : double.NaN, range);
    }

    /// <summary>
    /// InVesalius flips DICOM rows for VTK (row → anterior) but keeps columns (column → patient left) and
    /// stacks slices from feet to head. In RAS that is x = −column, y = +row, z = +slice; the origin is put at
    /// the volume centre because the project does not store the scanner position.
    /// </summary>
    public static double[,] AffineFor(int[] shape, double[] spacing)
    {
        var a = NiftiAffine.Identity();
        double[] sign = [-1, 1, 1];
        for (int i = 0; i < 3; i++)
        {
            a[i, i] = sign[i] * spacing[i];
            a[i, 3] = -a[i, i] * (shape[i] - 1) / 2.0;
        }
        return a;
    }

    private static float[] Decode(byte[] raw, string dtype, int count)
    {
        var v = GC.AllocateUninitializedArray<float>(count);
        var s = raw.AsSpan();
        switch (dtype)
        {
            case "uint8": for (int i = 0; i < count; i++) v[i] = s[i]; break;
            case "int8": for (int i = 0; i < count; i++) v[i] = (sbyte)s[i]; break;
            case "int16": for (int i = 0; i < count; i++) v[i] = BinaryPrimitives.ReadInt16LittleEndian(s[(2 * i)..]); break;
            case "uint16": for (int i = 0; i < count; i++) v[i] = BinaryPrimitives.ReadUInt16LittleEndian(s[(2 * i)..]); break;
            case "int32": for (int i = 0; i < count; i++) v[i] = BinaryPrimitives.ReadInt32LittleEndian(s[(4 * i)..]); break;
            case "float32": for (int i = 0; i < count; i++) v[i] = BinaryPrimitives.ReadSingleLittleEndian(s[(4 * i)..]); break;
            default: for (int i = 0; i < count; i++) v[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(s[(8 * i)..]); break;
        }
        return v;
    }
}
