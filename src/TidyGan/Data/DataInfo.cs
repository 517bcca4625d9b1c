using TidyGan.IO;
using System.Text;
using System.Text.Json;

namespace TidyGan.Data;

/// <summary>What <c>tidygan data info FILE</c> prints. Statistics are of the scaled values, accumulated in double.</summary>
public sealed record FileDescription(
    string File,
    string Format,
    int[] Shape,
    string DataType,
    double[] Spacing,
    double[,] Affine,
    double Min,
    double Max,
    double Mean,
    IntensityKind Kind)
{
    public string ToJson(bool indented = true)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("file", File);
            w.WriteString("format", Format);
            w.WriteString("datatype", DataType);
            WriteVolumeFields(w, Shape, Spacing, Affine, Min, Max, Mean, Kind);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>The fields every volume description writes (NIfTI/IDX/InVesalius files and DICOM series alike).</summary>
    internal static void WriteVolumeFields(Utf8JsonWriter w, int[] shape, double[] spacing, double[,] affine, double min, double max, double mean, IntensityKind kind)
    {
        w.WriteStartArray("shape");
        foreach (var s in shape) w.WriteNumberValue(s);
        w.WriteEndArray();
        w.WriteStartArray("spacing");
        foreach (var s in spacing) w.WriteNumberValue(s);
        w.WriteEndArray();
        w.WriteStartArray("affine");
        for (int r = 0; r < 4; r++)
        {
            w.WriteStartArray();
            for (int c = 0; c < 4; c++) w.WriteNumberValue(affine[r, c]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteNumber("min", min);
        w.WriteNumber("max", max);
        w.WriteNumber("mean", mean);
        w.WriteString("kind", kind.ToString());
    }
}

/// <summary>Describes any file TidyGan reads: NIfTI (.nii, .nii.gz, .hdr/.img), IDX, InVesalius .inv3, PNG, DICOM (file or folder).</summary>
public static class DataInfo
{
    /// <summary>A folder, a .dcm file, or a file that starts like DICOM (and is no NIfTI/IDX/PNG/.inv3 by name).</summary>
    public static bool IsDicom(string path) => VolumeFiles.IsDicom(path);

    /// <summary>Each image series in a DICOM file or folder.</summary>
    public static IReadOnlyList<DicomSeriesDescription> DescribeDicom(string path) =>
        DicomSeriesReader.ReadAll(path).Select(DicomSeriesDescription.Of).ToList();

    public static FileDescription Describe(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"no such file: {file}", file);
        string lower = file.ToLowerInvariant();
        if (lower.EndsWith(".inv3"))
        {
            var v = InVesaliusReader.Read(file);
            return FromVolume(file, "InVesalius", v, v.SourceDataType.Name());
        }
        if (lower.EndsWith(".png"))
        {
            var img = PngIO.Read(file);
            var (min, max, mean) = VoxelStatistics.Of(img.Pixels);
            int[] shape = img.Channels == 1 ? [img.Height, img.Width] : [img.Height, img.Width, img.Channels];
            return new FileDescription(file, "PNG", shape, img.BitDepth == 16 ? "uint16" : "uint8", [1, 1],
                NiftiAffine.Identity(), min, max, mean, IntensityKind.Pixel);
        }
        if (lower.Contains("idx") || lower.EndsWith("-ubyte") || lower.EndsWith("-ubyte.gz"))
        {
            var a = IdxReader.Read(file);
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            foreach (byte b in a.Data) { min = Math.Min(min, b); max = Math.Max(max, b); sum += b; }
            return new FileDescription(file, "IDX", a.Shape, "uint8", Enumerable.Repeat(1.0, a.Shape.Length).ToArray(),
                NiftiAffine.Identity(), min, max, sum / a.Data.Length, a.Shape.Length == 1 ? IntensityKind.Label : IntensityKind.Pixel);
        }
        if (!(lower.EndsWith(".nii") || lower.EndsWith(".nii.gz") || lower.EndsWith(".hdr") || lower.EndsWith(".hdr.gz") || lower.EndsWith(".img") || lower.EndsWith(".img.gz")))
            throw new UserException($"{file}: not a format TidyGan reads (NIfTI .nii/.nii.gz/.hdr/.img, IDX *-ubyte[.gz], InVesalius .inv3, PNG)");
        var volume = NiftiReader.Read(file, out var header);
        return FromVolume(file, $"NIfTI-{header.Version}", volume, header.DataType.Name());
    }

    private static FileDescription FromVolume(string file, string format, Volume v, string type)
    {
        var (min, max, mean) = v.Statistics();
        return new FileDescription(file, format, v.Shape, type, v.Spacing, v.Affine, min, max, mean, v.Kind);
    }
}
