using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using TidyGan.Data;

namespace TidyGan.Tests.Data;

/// <summary>Temporary directory deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tidygan-test-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

internal static class RealData
{
    public const string Ch2 = "/usr/share/mricron/templates/ch2.nii.gz";
    public const string Ch2Bet = "/usr/share/mricron/templates/ch2bet.nii.gz";
    public const string Aal = "/usr/share/mricron/templates/aal.nii.gz";
    public const string NibabelData = "/usr/lib/python3/dist-packages/nibabel/tests/data/";
    public const string Cranium = "/usr/share/doc/invesalius-examples/examples/Cranium.inv3";
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist/";
}

internal static class Python
{
    /// <summary>Run Debian's python3 (with numpy/nibabel) and parse its stdout as JSON.</summary>
    public static JsonElement Json(string script, params string[] args) => JsonWithin(TimeSpan.FromMinutes(2), script, args);

    /// <summary><see cref="Json"/> with its own time limit (the papers'-size fidelity twins run for minutes).</summary>
    public static JsonElement JsonWithin(TimeSpan limit, string script, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(limit), $"python timed out after {limit}");
        Assert.True(p.ExitCode == 0, "python failed: " + stderr.Result);
        return JsonDocument.Parse(stdout.Result).RootElement.Clone();
    }
}

/// <summary>Converts a little-endian single-file NIfTI-1 (.nii) to big-endian by swapping every numeric field.</summary>
internal static class BigEndianNifti
{
    // (offset, element size, count) of every numeric field of the 348-byte header.
    private static readonly (int At, int Size, int Count)[] Fields =
    [
        (0, 4, 1), (32, 4, 1), (36, 2, 1), (40, 2, 8), (56, 4, 3), (68, 2, 4), (76, 4, 8), (108, 4, 3), (120, 2, 1),
        (124, 4, 4), (140, 4, 2), (252, 2, 2), (256, 4, 18),
    ];

    public static void Convert(string source, string target, int bytesPerVoxel)
    {
        var b = File.ReadAllBytes(source);
        foreach (var (at, size, count) in Fields)
            for (int i = 0; i < count; i++) b.AsSpan(at + i * size, size).Reverse();
        int offset = (int)BinaryPrimitives.ReadSingleBigEndian(b.AsSpan(108));
        for (int p = offset; p + bytesPerVoxel <= b.Length; p += bytesPerVoxel) b.AsSpan(p, bytesPerVoxel).Reverse();
        File.WriteAllBytes(target, b);
    }
}

internal static class TestVolumes
{
    /// <summary>An oblique, left-handed affine (rotation about z, x flipped), spacing 1.5/2/2.5 mm.</summary>
    public static double[,] ObliqueAffine()
    {
        double t = 0.3, c = Math.Cos(t), s = Math.Sin(t);
        return new double[,]
        {
            { -1.5 * c, -2 * s, 0, 10.5 },
            { -1.5 * s, 2 * c, 0, -20.25 },
            { 0, 0, 2.5, 30 },
            { 0, 0, 0, 1 },
        };
    }

    public static float[] Values(NiftiDataType type, int count, int seed)
    {
        var rng = new Random(seed);
        var (lo, hi) = type.Range();
        lo = Math.Max(lo, -1e6);
        hi = Math.Min(hi, 1e6);
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            double x = lo + rng.NextDouble() * (hi - lo);
            v[i] = type.IsInteger() ? (float)Math.Round(x) : (float)(x / 1000.0);
        }
        v[0] = (float)lo;
        v[^1] = (float)hi;
        return v;
    }
}
