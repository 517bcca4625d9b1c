using System.Buffers.Binary;
using TidyGan.Data;

namespace TidyGan.Tests.Data;

/// <summary>Truncated and corrupted files: a DataFormatException naming the file, never a crash, hang or huge allocation.</summary>
public sealed class DicomCorruptionTests
{
    private static string Copy(TempDir dir, string source, Action<byte[]> edit, string name = "broken.dcm")
    {
        var bytes = File.ReadAllBytes(DicomData.PydicomFiles + source);
        edit(bytes);
        File.WriteAllBytes(dir.File(name), bytes);
        return dir.File(name);
    }

    private static void AssertClear(string path)
    {
        var ex = Assert.Throws<DataFormatException>(() => DicomSeriesReader.Read(path));
        Assert.Contains(Path.GetFileName(path), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CT_small.dcm", 0.5)]
    [InlineData("CT_small.dcm", 0.9)]
    [InlineData("CT_small.dcm", 0.05)]
    [InlineData("MR_small_implicit.dcm", 0.7)]
    [InlineData("MR_small_bigendian.dcm", 0.6)]
    [InlineData("MR_small_RLE.dcm", 0.8)]
    [InlineData("image_dfl.dcm", 0.5)]
    public void TruncatedFilesAreClearErrors(string file, double keep)
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(DicomData.PydicomFiles + file);
        File.WriteAllBytes(dir.File("cut.dcm"), bytes[..(int)(bytes.Length * keep)]);
        AssertClear(dir.File("cut.dcm"));
    }

    [Fact]
    public void APixelDataLengthBeyondTheFileIsAClearError()
    {
        using var dir = new TempDir();
        var path = Copy(dir, "CT_small.dcm", b =>
        {
            // Explicit VR LE: (7FE0,0010) 'OW' 00 00 then the 4-byte length.
            int at = b.AsSpan().LastIndexOf(new byte[] { 0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'W' });
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 8), 0xFFFFFFF0);
        });
        AssertClear(path);
    }

    [Fact]
    public void AnImplicitVrLengthBeyondTheFileIsAClearError()
    {
        using var dir = new TempDir();
        var path = Copy(dir, "MR_small_implicit.dcm", b =>
        {
            int at = b.AsSpan().IndexOf(new byte[] { 0x08, 0x00, 0x08, 0x00 });     // ImageType, the first data set element
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 4), 0xFFFFFFF0);
        });
        AssertClear(path);
    }

    [Fact]
    public void AbsurdDimensionsAreRefusedBeforeAllocating()
    {
        using var dir = new TempDir();
        var path = Copy(dir, "CT_small.dcm", b =>
        {
            // Rows (0028,0010) US 2 → 65535 and Columns → 65535: 8 GiB of pixels claimed by a 39 kB file.
            foreach (var tag in new byte[][] { [0x28, 0x00, 0x10, 0x00, (byte)'U', (byte)'S'], [0x28, 0x00, 0x11, 0x00, (byte)'U', (byte)'S'] })
            {
                int at = b.AsSpan().IndexOf(tag);
                BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at + 8), 65535);
            }
        });
        long before = GC.GetTotalAllocatedBytes();
        AssertClear(path);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 64 << 20, "read allocated more than 64 MiB");
    }

    [Fact]
    public void ASequenceWithoutDelimitersIsAClearError()
    {
        using var dir = new TempDir();
        // Cut inside the undefined-length sequences of a file with nested private sequences.
        var bytes = File.ReadAllBytes(DicomData.PydicomFiles + "nested_priv_SQ.dcm");
        File.WriteAllBytes(dir.File("seq.dcm"), bytes[..(bytes.Length - 12)]);
        var ex = Assert.Throws<DataFormatException>(() => DicomParser.Read(dir.File("seq.dcm")));
        Assert.Contains("seq.dcm", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("MR_small_implicit.dcm")]
    [InlineData("MR_small_RLE.dcm")]
    [InlineData("MR_small_bigendian.dcm")]
    [InlineData("rtdose.dcm")]
    public void RandomByteCorruptionNeverCrashes(string file)
    {
        using var dir = new TempDir();
        var original = File.ReadAllBytes(DicomData.PydicomFiles + file);
        var rng = new Random(17);
        for (int trial = 0; trial < 150; trial++)
        {
            var b = (byte[])original.Clone();
            for (int k = 0; k < 4; k++) b[rng.Next(Math.Min(b.Length, 2048))] = (byte)rng.Next(256);
            string path = dir.File($"fuzz{trial}.dcm");
            File.WriteAllBytes(path, b);
            try { DicomSeriesReader.Read(path); }
            catch (DataFormatException ex) { Assert.Contains(Path.GetFileName(path), ex.Message, StringComparison.Ordinal); }
        }
    }
}
