using System.Text.Json;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.Metrics.ImageMetrics;

/// <summary>Fixed, seeded inputs shared by the image-metric tests, and a way to hand them to numpy.</summary>
internal static class ImageMetricsFixtures
{
    /// <summary>A smooth head-like CT in HU (air, soft tissue disc, bone ring) on a row-major grid; values on a 1/4-HU grid.</summary>
    public static float[] HeadCt(int[] shape, int seed, double noise = 0)
    {
        var rng = new Random(seed);
        int slices = shape.Length == 3 ? shape[0] : 1, rows = shape[^2], cols = shape[^1];
        var v = new float[slices * rows * cols];
        for (int s = 0; s < slices; s++)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    double y = (r - rows / 2.0) / (rows * 0.4), x = (c - cols / 2.0) / (cols * 0.4), rad = Math.Sqrt(x * x + y * y);
                    double hu = rad > 1 ? -1000 : rad > 0.85 ? 1200 + 300 * Math.Sin(3 * x + s) : 40 + 30 * Math.Cos(5 * y + 2 * x);
                    hu += noise * (rng.NextDouble() - 0.5) * 2;
                    v[(s * rows + r) * cols + c] = (float)(Math.Round(hu * 4) / 4);
                }
        return v;
    }

    public static bool[] Ellipse(int[] shape, double cr, double cc, double rr, double rc, double slope = 0)
    {
        int slices = shape.Length == 3 ? shape[0] : 1, rows = shape[^2], cols = shape[^1];
        var m = new bool[slices * rows * cols];
        for (int s = 0; s < slices; s++)
        {
            double shrink = shape.Length == 3 ? 1 - slope * Math.Abs(s - slices / 2.0) : 1;
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    double y = (r - cr) / (rr * shrink), x = (c - cc) / (rc * shrink);
                    m[(s * rows + r) * cols + c] = x * x + y * y <= 1;
                }
        }
        return m;
    }

    /// <summary>Writes the inputs as JSON to a temp file and runs the script with its path as argv[1].</summary>
    public static JsonElement Numpy(string script, object inputs)
    {
        using var dir = new TempDir();
        var path = dir.File("inputs.json");
        File.WriteAllText(path, JsonSerializer.Serialize(inputs));
        return Python.Json(script, path);
    }
}
