using System.Text.Json;
using TidyGan.IO;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.Metrics;

internal static class MetricTestData
{
    /// <summary>n samples of a correlated Gaussian: z·A + shift, z ~ N(0, I), A a fixed random mixing (Box–Muller, seeded).</summary>
    public static double[,] Gaussian(int n, int d, int seed, double shift = 0, bool mix = true)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var mixing = new double[d, d];
        var mixRng = new Random(12345);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                mixing[i, j] = mix ? (i == j ? 1 : 0) + 0.3 * (mixRng.NextDouble() - 0.5) : (i == j ? 1 : 0);
        var z = new double[d];
        var x = new double[n, d];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < d; i++) z[i] = Normal();
            for (int j = 0; j < d; j++)
            {
                double s = shift;
                for (int i = 0; i < d; i++) s += z[i] * mixing[i, j];
                x[r, j] = s;
            }
        }
        return x;
    }

    /// <summary>Writes real and fake as .npy into <paramref name="dir"/> and runs a numpy script on them (argv[1], argv[2], extra args).</summary>
    public static JsonElement RunNumpy(TempDir dir, double[,] real, double[,] fake, string script, params string[] extra)
    {
        var r = dir.File("real.npy");
        var f = dir.File("fake.npy");
        Npy.Write(r, real);
        Npy.Write(f, fake);
        return Python.Json(script, [r, f, .. extra]);
    }
}
