using System.Buffers.Binary;
using TidyGan.Data;

namespace TidyGan.Tests.Data;

public class NiftiRoundTripTests
{
    public static TheoryData<NiftiDataType, string, bool> Cases()
    {
        var data = new TheoryData<NiftiDataType, string, bool>();
        foreach (var type in Enum.GetValues<NiftiDataType>())
        {
            data.Add(type, "v.nii", false);
            data.Add(type, "v.nii", true);               // big-endian, converted by the test itself
            data.Add(type, "v.nii.gz", false);
            data.Add(type, "v.hdr", false);
        }
        data.Add(NiftiDataType.Int16, "v.hdr.gz", false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WriteThenReadKeepsValuesAffineAndType(NiftiDataType type, string name, bool bigEndian)
    {
        using var dir = new TempDir();
        int[] shape = name == "v.hdr" ? [5, 4, 3, 2] : [5, 4, 3];
        int count = shape.Aggregate(1, (a, s) => a * s);
        var values = TestVolumes.Values(type, count, seed: (int)type);
        var affine = TestVolumes.ObliqueAffine();
        double[] spacing = shape.Length == 4 ? [1.5, 2, 2.5, 3] : [1.5, 2, 2.5];
        var volume = new Volume(values, shape, affine, IntensityKind.Unknown, type, "test", spacing);
        string path = dir.File(name);
        NiftiWriter.Write(path, volume);
        if (bigEndian)
        {
            string be = dir.File("be.nii");
            BigEndianNifti.Convert(path, be, type.BytesPerVoxel());
            path = be;
        }

        var read = NiftiReader.Read(path, out var header);

        Assert.Equal(bigEndian, header.BigEndian);
        Assert.Equal(type, read.SourceDataType);
        Assert.Equal(shape, read.Shape);
        Assert.Equal(values, read.Voxels);
        for (int i = 0; i < shape.Length; i++) Assert.Equal(spacing[i], read.Spacing[i], 5);
        var fromQform = NiftiAffine.FromQform(header);           // the qform must describe the same affine
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(affine[r, c], read.Affine[r, c], 1e-5);
                Assert.Equal(affine[r, c], fromQform[r, c], 1e-5);
            }
    }

    [Theory]
    [InlineData(NiftiDataType.UInt8, 300.7f, 255f)]
    [InlineData(NiftiDataType.UInt8, -4f, 0f)]
    [InlineData(NiftiDataType.Int16, 2.5f, 2f)]     // half to even, like numpy's rint
    [InlineData(NiftiDataType.Int16, 3.5f, 4f)]
    [InlineData(NiftiDataType.Int8, -200f, -128f)]
    [InlineData(NiftiDataType.UInt16, 70000f, 65535f)]
    public void IntegerTypesAreRoundedAndClamped(NiftiDataType type, float value, float expected)
    {
        using var dir = new TempDir();
        var v = new Volume([value], [1, 1, 1], Volume.DiagonalAffine(1, 1, 1), sourceDataType: type);
        NiftiWriter.Write(dir.File("a.nii"), v);
        Assert.Equal(expected, NiftiReader.Read(dir.File("a.nii")).Voxels[0]);
    }

    [Theory]
    [InlineData(2f, 10f, true)]
    [InlineData(0f, 10f, false)]          // slope 0: no scaling at all (nibabel)
    [InlineData(float.NaN, 10f, false)]
    public void SlopeAndInterceptApplyAsNibabel(float slope, float inter, bool scaled)
    {
        using var dir = new TempDir();
        float[] raw = [0, 1, -7, 300];
        NiftiWriter.Write(dir.File("a.nii"), new Volume(raw, [4, 1, 1], Volume.DiagonalAffine(1, 1, 1), sourceDataType: NiftiDataType.Int16));
        var bytes = File.ReadAllBytes(dir.File("a.nii"));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(112), slope);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(116), inter);
        File.WriteAllBytes(dir.File("a.nii"), bytes);

        var read = NiftiReader.Read(dir.File("a.nii"));
        var expected = raw.Select(r => scaled ? r * slope + inter : r).ToArray();
        Assert.Equal(expected, read.Voxels);
    }

    [Fact]
    public void WriteIsAtomicAndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDir();
        var v = new Volume(new float[8], [2, 2, 2], Volume.DiagonalAffine(1, 1, 1));
        NiftiWriter.Write(dir.File("a.nii.gz"), v);
        NiftiWriter.Write(dir.File("a.nii.gz"), v);            // overwrite
        Assert.Equal(["a.nii.gz"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }
}
