using TidyGan.IO;
using TidyGan.Tests.Data;
using TorchSharp;

namespace TidyGan.Tests.Metrics;

public sealed class NpyTests
{
    private static readonly double[,] Matrix = { { 1.5, -2.25, 3e-5 }, { double.MaxValue / 2, 0, -0.1 } };

    [Fact]
    public void Float64RoundTripsExactly()
    {
        using var dir = new TempDir();
        Npy.Write(dir.File("a.npy"), Matrix);
        Assert.Equal(Matrix, Npy.ReadMatrix(dir.File("a.npy")));
        using var t = Npy.ReadTensor(dir.File("a.npy"));
        Assert.Equal(torch.float64, t.dtype);
        Assert.Equal([2L, 3L], t.shape);
        Assert.Equal(-0.1, t[1, 2].item<double>());
    }

    [Fact]
    public void Float32RoundsToSinglePrecision()
    {
        using var dir = new TempDir();
        var small = new double[,] { { 0.1, 2 }, { -3.5, 1e-3 } };
        Npy.Write(dir.File("a.npy"), small, NpyType.Float32);
        var back = Npy.ReadMatrix(dir.File("a.npy"));
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) Assert.Equal((double)(float)small[i, j], back[i, j]);
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [InlineData(NpyType.Float64, "float64")]
    [InlineData(NpyType.Float32, "float32")]
    public void NumpyLoadsWhatWeWrite(NpyType type, string dtype)
    {
        using var dir = new TempDir();
        using var tensor = torch.arange(12, torch.float64).reshape(4, 3) / 8;
        Npy.Write(dir.File("a.npy"), tensor, type);
        var json = Python.Json("""
            import sys, json, numpy as np
            a = np.load(sys.argv[1])
            print(json.dumps({"dtype": str(a.dtype), "shape": list(a.shape), "c": bool(a.flags.c_contiguous), "values": a.ravel().tolist()}))
            """, dir.File("a.npy"));
        Assert.Equal(dtype, json.GetProperty("dtype").GetString());
        Assert.Equal([4, 3], json.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i / 8.0), json.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [InlineData("f8", "(1, 0)")]
    [InlineData("f4", "(1, 0)")]
    [InlineData("f8", "(2, 0)")]
    public void WeLoadWhatNumpyWrites(string dtype, string version)
    {
        using var dir = new TempDir();
        Python.Json($$"""
            import sys, json, numpy as np
            a = (np.arange(15, dtype='{{dtype}}').reshape(5, 3) - 7) / 4
            with open(sys.argv[1], 'wb') as f: np.lib.format.write_array(f, a, version={{version}})
            print("{}")
            """, dir.File("b.npy"));
        var m = Npy.ReadMatrix(dir.File("b.npy"));
        Assert.Equal(5, m.GetLength(0));
        Assert.Equal(3, m.GetLength(1));
        Assert.Equal((7 - 7) / 4.0, m[2, 1]);
        Assert.Equal((14 - 7) / 4.0, m[4, 2]);
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [InlineData("np.asfortranarray(np.ones((3, 2)))", "fortran_order")]
    [InlineData("np.ones((3, 2), dtype='int32')", "'<i4' is not supported")]
    [InlineData("np.ones((3, 2), dtype='>f8')", "'>f8' is not supported")]
    [InlineData("np.ones(4)", "expected a 2-D matrix")]
    public void UnsupportedFilesAreClearErrors(string expression, string message)
    {
        using var dir = new TempDir();
        Python.Json($"import sys, numpy as np\nnp.save(sys.argv[1], {expression})\nprint('{{}}')", dir.File("c.npy"));
        var e = Assert.Throws<UserException>(() => Npy.ReadMatrix(dir.File("c.npy")));
        Assert.Contains(message, e.Message);
    }
}
