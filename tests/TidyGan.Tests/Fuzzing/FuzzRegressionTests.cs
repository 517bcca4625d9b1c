using System.Buffers.Binary;
using System.Text;
using TidyGan.Data;
using TidyGan.Export;
using TidyGan.IO;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.Fuzzing;

/// <summary>
/// Inputs the fuzzer found failing, kept in Fuzzing/Regressions/&lt;reader&gt;/ (each now a clean error), and headers
/// claiming 2^40 or more elements, which every reader must refuse before allocating them.
/// </summary>
public class FuzzRegressionTests
{
    private const long SmallAllocation = 1 << 20;

    public static TheoryData<string, string> Regressions()
    {
        var data = new TheoryData<string, string>();
        var root = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Regressions");
        foreach (var reader in Directory.GetDirectories(root).Order())
            foreach (var file in Directory.GetFiles(reader).Order())
                data.Add(Path.GetFileName(reader), Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void FoundInputFailsCleanly(string reader, string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Regressions", reader, file);
        var (error, allocated, finished) = FuzzHarness.RunOne(() => FuzzTargets.Get(reader).Read(path));
        Assert.True(finished);
        Assert.True(allocated < 64L << 20, $"allocated {allocated >> 20} MiB");
        var user = Assert.IsAssignableFrom<UserException>(error);
        Assert.Contains(file, user.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NiftiClaimingTwoToTheFortyTwoVoxelsIsRefusedBeforeAllocating()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(RealData.NibabelData + "anatomical.nii");
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(40), 3);
        for (int i = 1; i <= 3; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(40 + 2 * i), 16384);   // 2^42 voxels
        File.WriteAllBytes(dir.File("huge.nii"), bytes);
        var error = RefusedSmall<DataFormatException>(() => NiftiReader.Read(dir.File("huge.nii")));
        Assert.Contains("huge.nii", error.Message);
    }

    [Fact]
    public void Nifti2ClaimingTwoToTheFortyVoxelsIsRefusedBeforeAllocating()
    {
        using var dir = new TempDir();
        var bytes = FuzzEnvelopes.Gunzip(File.ReadAllBytes(RealData.NibabelData + "example_nifti2.nii.gz"));
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), 1L << 40);                                      // dim[1]
        File.WriteAllBytes(dir.File("huge2.nii"), bytes);
        RefusedSmall<DataFormatException>(() => NiftiReader.Read(dir.File("huge2.nii")));
    }

    [Fact]
    public void IdxClaimingTwoToTheFortyBytesIsRefusedBeforeAllocating()
    {
        using var dir = new TempDir();
        var bytes = new byte[16 + 100];
        bytes[2] = 0x08;
        bytes[3] = 3;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 1 << 20);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 1 << 10);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 1 << 10);
        File.WriteAllBytes(dir.File("huge-idx3-ubyte"), bytes);
        RefusedSmall<DataFormatException>(() => IdxReader.Read(dir.File("huge-idx3-ubyte")));
    }

    [Fact]
    public void InVesaliusClaimingTwoToTheFortyVoxelsIsRefusedBeforeAllocating()
    {
        var seed = FuzzTargets.Get("inv3").Seeds[0];
        var entries = FuzzEnvelopes.Untar(FuzzEnvelopes.Gunzip(seed.Files[seed.ReadName]));
        var main = entries.FindIndex(e => e.Name.EndsWith("main.plist", StringComparison.Ordinal));
        var plist = Encoding.UTF8.GetString(entries[main].Data);
        plist = System.Text.RegularExpressions.Regex.Replace(plist, @"<integer>2</integer>(\s*)<integer>16</integer>(\s*)<integer>16</integer>",
            "<integer>256</integer>$1<integer>65536</integer>$2<integer>65536</integer>");
        entries[main] = (entries[main].Name, Encoding.UTF8.GetBytes(plist));
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("huge.inv3"), FuzzEnvelopes.Gzip(FuzzEnvelopes.Tar(entries)));
        var error = RefusedSmall<DataFormatException>(() => InVesaliusReader.Read(dir.File("huge.inv3")));
        Assert.Contains("matrix.shape", error.Message);
    }

    [Fact]
    public void NpyClaimingTwoToTheFortyValuesIsRefusedBeforeAllocating()
    {
        using var dir = new TempDir();
        WriteNpy(dir.File("huge.npy"), "(1048576, 1048576)", 8);
        RefusedSmall<UserException>(() => Npy.ReadMatrix(dir.File("huge.npy")));
    }

    [Fact]
    public void DicomClaimingTwoToTheThirtyThreeBytesIsRefusedBeforeAllocating()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
        foreach (byte element in new byte[] { 0x10, 0x11 })                                   // Rows, Columns = 65535
        {
            int at = bytes.AsSpan().IndexOf(new byte[] { 0x28, 0x00, element, 0x00, (byte)'U', (byte)'S', 2, 0 });
            Assert.True(at > 0);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 8), ushort.MaxValue);
        }
        File.WriteAllBytes(dir.File("huge.dcm"), bytes);
        RefusedSmall<DataFormatException>(() => DicomSeriesReader.Read(dir.File("huge.dcm")));
    }

    [Fact]
    public void SafeTensorsClaimingTwoToTheFortyElementsIsRefusedBeforeAllocating()
    {
        using var dir = new TempDir();
        var json = """{"weight":{"dtype":"F32","shape":[1048576,1048576],"data_offsets":[0,0]}}"""u8.ToArray();
        var bytes = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        File.WriteAllBytes(dir.File("huge.safetensors"), bytes);
        long rss = Environment.WorkingSet;
        var error = RefusedSmall<UserException>(() => SafeTensorsFile.Read(dir.File("huge.safetensors")));
        Assert.Contains("huge.safetensors", error.Message);
        Assert.True(Environment.WorkingSet - rss < 256L << 20, "native memory grew");
    }

    private static T RefusedSmall<T>(Action read) where T : Exception
    {
        var (error, allocated, finished) = FuzzHarness.RunOne(read);
        Assert.True(finished);
        Assert.True(allocated < SmallAllocation, $"allocated {allocated} bytes before refusing");
        return Assert.IsAssignableFrom<T>(error);
    }

    internal static void WriteNpy(string path, string shape, int dataBytes)
    {
        var header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}".PadRight(117) + "\n";
        var bytes = new byte[10 + header.Length + dataBytes];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, 10);
        File.WriteAllBytes(path, bytes);
    }
}
