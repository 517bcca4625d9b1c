using System.Buffers.Binary;
using System.IO.Compression;
using TidyGan.Data;

namespace TidyGan.Tests.Data;

public class NiftiValidationTests
{
    /// <summary>A valid little-endian 4×3×2 int16 .nii written by the writer, then damaged by <paramref name="damage"/>.</summary>
    private static string Damaged(TempDir dir, string name, Func<byte[], byte[]> damage, bool gzip = false)
    {
        string clean = dir.File("clean.nii");
        NiftiWriter.Write(clean, new Volume(new float[24], [4, 3, 2], Volume.DiagonalAffine(1, 1, 1), sourceDataType: NiftiDataType.Int16));
        var bytes = damage(File.ReadAllBytes(clean));
        string path = dir.File(name);
        if (gzip)
        {
            using var f = File.Create(path);
            using var gz = new GZipStream(f, CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    private static byte[] SetI16(byte[] b, int at, short v) { BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(at), v); return b; }
    private static byte[] SetF32(byte[] b, int at, float v) { BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(at), v); return b; }

    public static TheoryData<string, string, bool> Damages() => new()
    {
        { "truncated", "header", false },
        { "truncated", "header", true },
        { "tiny", "sizeof_hdr", false },
        { "sizeof", "sizeof_hdr", false },
        { "magic", "magic", false },
        { "negative-dim", "dim[1]", false },
        { "zero-dim", "dim[3]", true },
        { "huge-dim", "dim[2]", false },
        { "ndim", "dim[0]", false },
        { "vox-offset-past-end", "vox_offset", false },
        { "vox-offset-past-end", "vox_offset", true },
        { "vox-offset-inside-header", "vox_offset", false },
        { "data-short", "data", false },
        { "data-short", "data", true },
        { "datatype", "datatype", false },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void BrokenHeadersNameFileAndField(string damage, string field, bool gzip)
    {
        using var dir = new TempDir();
        string name = $"broken-{damage}.nii" + (gzip ? ".gz" : "");
        Func<byte[], byte[]> f = damage switch
        {
            "truncated" => b => b[..200],
            "tiny" => b => b[..3],
            "sizeof" => b => { BinaryPrimitives.WriteInt32LittleEndian(b, 123); return b; },
            "magic" => b => { b[344] = (byte)'x'; return b; },
            "negative-dim" => b => SetI16(b, 42, -3),
            "zero-dim" => b => SetI16(b, 46, 0),
            "huge-dim" => b => SetI16(SetI16(SetI16(b, 42, 32000), 44, 32000), 46, 32000),
            "ndim" => b => SetI16(b, 40, 9),
            "vox-offset-past-end" => b => SetF32(b, 108, 1e6f),
            "vox-offset-inside-header" => b => SetF32(b, 108, 100f),
            "data-short" => b => b[..(352 + 20)],
            "datatype" => b => SetI16(b, 70, 128),            // RGB24: not supported
            _ => throw new ArgumentException(damage),
        };
        string path = Damaged(dir, name, f, gzip);

        var e = Assert.Throws<DataFormatException>(() => NiftiReader.Read(path));

        Assert.Equal(field, e.Field);
        Assert.Contains(name, e.Message);
        Assert.Contains($"field '{field}'", e.Message);
    }

    [Fact]
    public void NegativeDimMessageReadsWell()
    {
        using var dir = new TempDir();
        string path = Damaged(dir, "ch2.nii", b => SetI16(b, 42, -3));
        var e = Assert.Throws<DataFormatException>(() => NiftiReader.Read(path));
        Assert.Equal("ch2.nii: field 'dim[1]' = -3: dimensions must be positive", e.Message);
    }

    [Fact]
    public void GzipHeaderPromisingGigabytesFailsWithoutAllocatingThem()
    {
        using var dir = new TempDir();
        // 16384 x 8192 x 1 float64 = 1 GiB promised, 24 bytes present.
        string path = Damaged(dir, "big.nii.gz", b => SetI16(SetI16(SetI16(SetI16(SetI16(b, 42, 16384), 44, 8192), 46, 1), 70, 64), 72, 64), gzip: true);
        long before = GC.GetTotalAllocatedBytes();
        var e = Assert.Throws<DataFormatException>(() => NiftiReader.Read(path));
        Assert.True(GC.GetTotalAllocatedBytes() - before < 256L << 20, "allocated more than 256 MiB");
        Assert.Equal("data", e.Field);
    }

    [Fact]
    public void MissingImageOfPairIsReported()
    {
        using var dir = new TempDir();
        NiftiWriter.Write(dir.File("p.hdr"), new Volume(new float[8], [2, 2, 2], Volume.DiagonalAffine(1, 1, 1)));
        File.Delete(dir.File("p.img"));
        var e = Assert.Throws<DataFormatException>(() => NiftiReader.Read(dir.File("p.hdr")));
        Assert.Contains("p.img", e.Message);
    }
}
