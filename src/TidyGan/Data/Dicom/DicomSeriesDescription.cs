using System.Text;
using System.Text.Json;

namespace TidyGan.Data;

/// <summary>What <c>tidygan data info</c> prints for each DICOM series found. Value range in physical units (after rescale).</summary>
public sealed record DicomSeriesDescription(
    string SeriesInstanceUid,
    string Modality,
    string Description,
    int Files,
    int[] Shape,
    double[] Spacing,
    double[,] Affine,
    double Min,
    double Max,
    double Mean,
    IntensityKind Kind,
    IReadOnlyList<string> Warnings)
{
    public static DicomSeriesDescription Of(DicomSeries s)
    {
        var v = s.Volume;
        var (min, max, mean) = v.Statistics();
        return new DicomSeriesDescription(s.Info.SeriesInstanceUid, s.Info.Modality, s.Info.SeriesDescription, s.Files.Count,
            v.Shape, v.Spacing, v.Affine, min, max, mean, v.Kind, s.Warnings);
    }

    /// <summary>{"path": ..., "format": "DICOM", "series": [...]} for all series of one file or folder.</summary>
    public static string ToJson(string path, IReadOnlyList<DicomSeriesDescription> series, bool indented = true)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteString("format", "DICOM");
            w.WriteStartArray("series");
            foreach (var s in series) s.Write(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("seriesInstanceUid", SeriesInstanceUid);
        w.WriteString("modality", Modality);
        w.WriteString("description", Description);
        w.WriteNumber("files", Files);
        FileDescription.WriteVolumeFields(w, Shape, Spacing, Affine, Min, Max, Mean, Kind);
        w.WriteStartArray("warnings");
        foreach (var s in Warnings) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
