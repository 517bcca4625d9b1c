using System.Diagnostics;
using System.Globalization;
using TidyGan.Data.CtPhysics;

namespace TidyGan.Tests.CtPhysics;

/// <summary>
/// Debian's ctsim (`ctsimtext`), the independent reference. Images and projections are read through
/// `ifexport --format text`: one line per image row, top row (+y) first; for projections (pj2if) one line per
/// view in view order, detectors left to right. Geometry comes from `pjinfo`. Phantom units: ctsim's phantom
/// coordinates (Shepp–Logan spans ±0.92), so "mm" below means those units.
/// </summary>
internal sealed class Ctsim(string directory)
{
    public static bool Installed => File.Exists("/usr/bin/ctsimtext");

    public string Run(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/ctsimtext") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(300_000), "ctsimtext timed out: " + string.Join(' ', args));
        Assert.True(process.ExitCode == 0, $"ctsimtext {string.Join(' ', args)} failed: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>An IF file's values, row-major as exported (rows × columns).</summary>
    public double[] ReadImage(string ifFile, out int rows, out int columns)
    {
        var text = Path.Combine(directory, Path.GetFileNameWithoutExtension(ifFile) + ".txt");
        Run("ifexport", ifFile, text, "--format", "text");
        var lines = File.ReadAllLines(text).Where(l => l.Trim().Length > 0).ToArray();
        var values = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        rows = values.Length;
        columns = values[0].Length;
        Assert.All(values, row => Assert.Equal(values[0].Length, row.Length));
        return values.SelectMany(r => r).ToArray();
    }

    public double[] ReadProjections(string pjFile, out CtGeometry geometry, out double viewDiameter)
    {
        var info = Run("pjinfo", pjFile).Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        double Number(string key) => double.Parse(info[key], CultureInfo.InvariantCulture);
        int detectors = (int)Number("Number of detectors"), views = (int)Number("Number of views");
        viewDiameter = Number("View Diameter");
        double rotInc = Number("rotInc");
        geometry = info["Geometry"] switch
        {
            "parallel" => new ParallelBeamGeometry(views, detectors, Number("detInc"), FullCircle: Math.Abs(rotInc * views - 2 * Math.PI) < 1e-4),
            "equiangular" => new FanBeamGeometry(views, detectors, Number("Focal Length"), Number("Source Detector Length"), Number("detInc")),
            var other => throw new InvalidOperationException("unexpected ctsim geometry " + other),
        };
        Assert.True(Math.Abs(geometry.ViewIncrement - rotInc) < 1e-5, $"view increment {geometry.ViewIncrement} vs ctsim's {rotInc}");
        var image = Path.GetFileNameWithoutExtension(pjFile) + "-sinogram.if";
        Run("pj2if", pjFile, image);
        var values = ReadImage(image, out int rows, out int columns);
        Assert.Equal((views, detectors), (rows, columns));
        return values;
    }
}
