using TidyGan.Data;
using TorchSharp;

namespace TidyGan.Tests.Data;

public class IntensityTests
{
    [Fact]
    public void HounsfieldRoundTripIsExactForEveryInt16InTheWindow()
    {
        var w = HounsfieldWindow.Full;
        for (int hu = -1024; hu <= 3071; hu++)
        {
            float n = w.ToNormalized(hu);
            Assert.InRange(n, -1f, 1f);
            Assert.Equal(hu, (int)MathF.Round(w.ToPhysical(n)));
        }
        Assert.Equal(-1f, w.ToNormalized(-1024));
        Assert.Equal(1f, w.ToNormalized(3071));
        Assert.Equal(-1f, w.ToNormalized(-3000));        // clamped outside
        Assert.Equal(1f, w.ToNormalized(5000));
        Assert.Equal("HU", w.Unit);
    }

    [Fact]
    public void TensorVersionsAgreeWithScalarOnesAndRoundTripHu()
    {
        var w = HounsfieldWindow.Full;
        var hu = Enumerable.Range(-1024, 4096).Select(i => (float)i).ToArray();
        using var t = torch.tensor(hu);
        using var n = w.ToNormalized(t);
        using var back = w.ToPhysical(n);
        var nArr = n.data<float>().ToArray();
        var backArr = back.data<float>().ToArray();
        for (int i = 0; i < hu.Length; i++)
        {
            Assert.Equal(w.ToNormalized(hu[i]), nArr[i], 1e-6f);
            Assert.Equal(hu[i], MathF.Round(backArr[i]));
        }
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void PercentilesMatchNumpyAndScalingInverts()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 5001).Select(_ => (float)(rng.NextDouble() * rng.NextDouble() * 1000)).ToArray();
        var s = PercentileScaling.Fit(values);
        string csv = string.Join(",", values.Select(v => v.ToString("R")));
        var py = Python.Json("import json,sys,numpy as np; a=np.array([float(x) for x in sys.argv[1].split(',')],dtype=np.float32); print(json.dumps([float(np.percentile(a,0.5)), float(np.percentile(a,99.5))]))", csv);
        Assert.Equal(py[0].GetDouble(), s.Lower, 1e-3);
        Assert.Equal(py[1].GetDouble(), s.Upper, 1e-3);
        foreach (var v in values.Where(v => v >= s.Lower && v <= s.Upper))
            Assert.Equal(v, s.ToPhysical(s.ToNormalized(v)), Math.Max(1e-4f, v * 1e-5f));
        Assert.Equal(-1f, s.ToNormalized((float)s.Lower - 10));
    }

    [Theory]
    [InlineData(255)]
    [InlineData(65535)]
    public void IdentityScalingMapsEndsAndInverts(double max)
    {
        var s = new IdentityScaling(max);
        Assert.Equal(-1f, s.ToNormalized(0));
        Assert.Equal(1f, s.ToNormalized((float)max));
        for (int v = 0; v <= max; v += (int)max / 255) Assert.Equal(v, MathF.Round(s.ToPhysical(s.ToNormalized(v))));
    }
}
