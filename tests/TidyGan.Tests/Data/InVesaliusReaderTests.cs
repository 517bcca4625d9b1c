using TidyGan.Data;

namespace TidyGan.Tests.Data;

[Trait(Traits.Category, Traits.Slow)]
public class InVesaliusReaderTests
{
    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void CraniumIsAHounsfieldVolumeMatchingNumpy()
    {
        var project = InVesaliusReader.ReadProject(RealData.Cranium);
        var v = project.Volume;

        // Independent reference: numpy reads matrix.dat straight out of the tar with the plist's dtype/shape.
        var py = Python.Json("""
            import tarfile, plistlib, json, sys, numpy as np
            t = tarfile.open(sys.argv[1], 'r:gz')
            names = {m.name.split('/')[-1]: m for m in t.getmembers()}
            p = plistlib.loads(t.extractfile(names['main.plist']).read())
            m = np.frombuffer(t.extractfile(names[p['matrix']['filename']]).read(), dtype=p['matrix']['dtype']).reshape(p['matrix']['shape'])
            print(json.dumps({'shape': list(m.shape), 'spacing': p['spacing'], 'min': float(m.min()), 'max': float(m.max()),
                              'mean': float(m.astype(np.float64).mean()), 'v': float(m[50, 100, 30])}))
            """, RealData.Cranium);

        int[] npShape = py.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(npShape.Reverse().ToArray(), v.Shape);                          // C order → x fastest
        Assert.Equal([256, 256, 108], v.Shape);
        Assert.Equal(py.GetProperty("spacing").EnumerateArray().Select(e => e.GetDouble()).ToArray(), v.Spacing);
        var (min, max, mean) = v.Statistics();
        Assert.Equal(py.GetProperty("min").GetDouble(), min);
        Assert.Equal(py.GetProperty("max").GetDouble(), max);
        Assert.Equal(py.GetProperty("mean").GetDouble(), mean, 1e-9);
        Assert.Equal(py.GetProperty("v").GetDouble(), v[30, 100, 50]);
        Assert.Equal(IntensityKind.Hounsfield, v.Kind);
        Assert.InRange(min, -1100, -900);                                             // air
        Assert.InRange(max, 1500, 3100);                                              // dense bone
        Assert.Equal("CT", project.Modality);
        Assert.Equal(Math.Abs(InVesaliusReader.AffineFor(v.Shape, v.Spacing)[0, 0]), v.Spacing[0], 12);

        if (Environment.GetEnvironmentVariable("TIDYGAN_DUMP") is { } dump)
            foreach (var axis in Enum.GetValues<SliceAxis>())
            {
                int k = VolumeSlicer.SliceCount(v, axis) / 2;
                var s = v.Slice(axis, k, out int h, out int w);
                PngIO.WriteGrey(Path.Combine(dump, $"ct-{axis}.png"), s, w, h, -200, 400);
            }
    }

    [Fact]
    public void NotATarIsAFormatError()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("x.inv3"), new byte[1024].Select((_, i) => (byte)i).ToArray());
        var e = Assert.Throws<DataFormatException>(() => InVesaliusReader.Read(dir.File("x.inv3")));
        Assert.Contains("x.inv3", e.Message);
    }
}
