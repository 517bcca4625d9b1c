using TidyGan.Data;

namespace TidyGan.Tests.Data;

/// <summary>A DICOM folder with a non-DICOM file and a truncated copy among good files: those are skipped with warnings naming them.</summary>
public sealed class DicomSkipTests
{
    private static string Good => DicomData.PydicomFiles + "CT_small.dcm";

    private static void Garbage(string path) => File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 251)).ToArray());

    private static void Truncated(string path)
    {
        var bytes = File.ReadAllBytes(Good);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * 0.6)]);
    }

    [Fact]
    public void UnreadableFilesAreSkippedWithAWarningNamingThem()
    {
        using var dir = new TempDir();
        File.Copy(Good, dir.File("good.dcm"));
        Garbage(dir.File("garbage.dcm"));
        Truncated(dir.File("truncated.dcm"));
        File.WriteAllText(dir.File("notes.txt"), "not worth a warning");

        var all = DicomSeriesReader.ReadAll(dir.Path);
        var series = Assert.Single(all);
        Assert.Equal([dir.File("good.dcm")], series.Files);
        var reference = DicomSeriesReader.Read(Good);
        Assert.Equal(reference.Volume.Voxels, series.Volume.Voxels);
        Assert.Contains(series.Warnings, w => w.StartsWith("garbage.dcm: not a DICOM file", StringComparison.Ordinal));
        Assert.Contains(series.Warnings, w => w.StartsWith("truncated.dcm: unreadable, skipped", StringComparison.Ordinal) && w.Contains("field '"));
        Assert.DoesNotContain(series.Warnings, w => w.Contains("notes.txt"));

        // The same warnings reach a caller that only sees the volume (a cohort loader), prefixed with the folder.
        var heard = new List<string>();
        using (DicomSeriesReader.ReportWarningsTo(heard.Add)) DicomSeriesReader.ReadAll(dir.Path);
        Assert.Contains(heard, w => w.Contains("truncated.dcm") && w.StartsWith(dir.Path, StringComparison.Ordinal));
        heard.Clear();
        DicomSeriesReader.ReadAll(dir.Path);
        Assert.Empty(heard);
    }

    [Fact]
    public void AFolderWithNoReadableSeriesIsStillAClearError()
    {
        using var dir = new TempDir();
        Garbage(dir.File("garbage.dcm"));
        Truncated(dir.File("truncated.dcm"));
        var e = Assert.Throws<DataFormatException>(() => DicomSeriesReader.ReadAll(dir.Path));
        Assert.Contains("no image series to read", e.Message);
        Assert.Contains("truncated.dcm", e.Message);
    }

    [Fact]
    public void ASingleBrokenFileIsStillAnError()
    {
        using var dir = new TempDir();
        Truncated(dir.File("truncated.dcm"));
        var e = Assert.Throws<DataFormatException>(() => DicomSeriesReader.ReadAll(dir.File("truncated.dcm")));
        Assert.Contains("truncated.dcm", e.Message);
    }
}
