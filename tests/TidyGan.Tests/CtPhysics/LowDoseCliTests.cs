using System.Text.Json;
using TidyGan.Data;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.CtPhysics;

/// <summary>`tidygan lowdose simulate` on a small synthetic CT: NIfTI in HU in the input's geometry (checked by nibabel), manifest, errors.</summary>
public sealed class LowDoseCliTests
{
    private const int Size = 48, Slices = 3;

    /// <summary>A water cylinder (0 HU, radius 20 px) with a bone ring (1000 HU) in air, 2 mm pixels, 3 mm slices, rotated affine.</summary>
    private static string WriteCt(TempDir dir, double spacingY = 2.0)
    {
        var voxels = new float[Size * Size * Slices];
        for (int z = 0; z < Slices; z++)
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                {
                    double r = Math.Sqrt(Math.Pow(x - 23.5, 2) + Math.Pow(y - 23.5, 2));
                    voxels[x + Size * (y + Size * z)] = r < 18 ? 0f : r < 20 ? 1000f : -1000f;
                }
        double c = Math.Cos(0.3), s = Math.Sin(0.3);
        var affine = new double[,] { { -2 * c, -spacingY * s, 0, 40 }, { 2 * s, -spacingY * c, 0, -30 }, { 0, 0, 3, 12 }, { 0, 0, 0, 1 } };
        var path = dir.File("ct.nii.gz");
        NiftiWriter.Write(path, new Volume(voxels, [Size, Size, Slices], affine, IntensityKind.Hounsfield), NiftiDataType.Int16);
        return path;
    }

    [Fact]
    [Trait(Traits.Category, Traits.PythonReference)]
    public void Writes_hu_nifti_pairs_in_the_input_geometry_with_a_manifest()
    {
        using var dir = new TempDir();
        var input = WriteCt(dir);
        var output = dir.File("out");
        var run = CliRunner.Run("lowdose", "simulate", "--data", "nifti:" + input, "--dose", "0.25", "--views", "90", "--seed", "3", "--out", output);
        Assert.True(run.ExitCode == 0, run.Output);

        var result = Python.Json("""
            import json, sys, nibabel as nib, numpy as np
            src = nib.load(sys.argv[1]); full = nib.load(sys.argv[2]); low = nib.load(sys.argv[3])
            f = full.get_fdata(); l = low.get_fdata()
            yy, xx = np.mgrid[0:48, 0:48]
            centre = (np.hypot(xx - 23.5, yy - 23.5) < 12).T   # nibabel arrays are [x, y, z]
            print(json.dumps({
              "same_affine": bool(np.allclose(src.affine, full.affine, atol=1e-4) and np.allclose(src.affine, low.affine, atol=1e-4)),
              "shape": list(full.shape), "zooms": [float(z) for z in full.header.get_zooms()],
              "water_full": float(f[centre].mean()), "water_low": float(l[centre].mean()),
              "noise_sd": float((l - f)[centre].std()), "air": float(f[:3, :3, :].mean())}))
            """, input, Path.Combine(output, "ct_full.nii.gz"), Path.Combine(output, "ct_low.nii.gz"));
        Assert.True(result.GetProperty("same_affine").GetBoolean());
        Assert.Equal(new[] { Size, Size, Slices }, result.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(new[] { 2.0, 2.0, 3.0 }, result.GetProperty("zooms").EnumerateArray().Select(e => Math.Round(e.GetDouble(), 4)));
        Assert.InRange(result.GetProperty("water_full").GetDouble(), -20, 20);     // HU, not μ or normalised values
        Assert.InRange(result.GetProperty("water_low").GetDouble(), -20, 20);
        Assert.InRange(result.GetProperty("air").GetDouble(), -1100, -900);
        Assert.True(result.GetProperty("noise_sd").GetDouble() > 1, "the low dose carries noise");

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")));
        var volume = manifest.RootElement.GetProperty("volumes")[0];
        Assert.Equal(TidyGan.IO.FileHashes.Sha256(input), volume.GetProperty("input_sha256").GetString());
        Assert.Equal(0.25, manifest.RootElement.GetProperty("options").GetProperty("dose").GetDouble());
        Assert.True(volume.GetProperty("noise_sd_hu").GetDouble() > 1);
        Assert.True(File.Exists(Path.Combine(output, "ct_panel.png")));
    }

    [Fact]
    public void Rejects_non_square_pixels_and_non_ct_naming_the_file()
    {
        using var dir = new TempDir();
        var input = WriteCt(dir, spacingY: 2.5);
        var run = CliRunner.Run("lowdose", "simulate", "--data", "nifti:" + input, "--views", "30", "--out", dir.File("out"));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("square pixels", run.Output);
        Assert.Contains("ct.nii.gz", run.Output);

        var mr = dir.File("mr.nii.gz");
        NiftiWriter.Write(mr, new Volume(Enumerable.Range(0, 8 * 8 * 2).Select(i => (float)(i % 200)).ToArray(), [8, 8, 2],
            new double[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } }));
        run = CliRunner.Run("lowdose", "simulate", "--data", "nifti:" + mr, "--out", dir.File("out2"));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("does not look like CT", run.Output);
        Assert.Contains("mr.nii.gz", run.Output);
    }
}
