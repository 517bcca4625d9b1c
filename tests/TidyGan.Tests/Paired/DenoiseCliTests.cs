using TidyGan.Data;
using TidyGan.Tests.Cli;

namespace TidyGan.Tests.Paired;

/// <summary>`train denoiser` and `denoise` as a user runs them, on the real head CT written as NIfTI.</summary>
public class DenoiseCliTests
{
    [Trait(Traits.Category, Traits.Slow)]
    [Fact]
    public void DenoiseKeepsTheInputGeometryAndWritesHu()
    {
        using var dir = new TempDirectory();
        var (full, noisy) = PairedTestData.NoisyCranium(DenoiserLearnsTests.NoiseHu);
        string low = Path.Combine(dir.Path, "low.nii"), clean = Path.Combine(dir.Path, "full.nii"), run = Path.Combine(dir.Path, "run");
        NiftiWriter.Write(low, noisy);
        NiftiWriter.Write(clean, full);

        var train = CliRunner.Run("train", "denoiser", "--arm", "mse", "--a", "nifti:" + low, "--b", "nifti:" + clean,
            "--steps", "2", "--batch", "4", "--size", "32", "--width", "4", "--out", run);
        Assert.True(train.ExitCode == 0, train.Output);
        var output = Path.Combine(dir.Path, "denoised.nii.gz");
        var denoise = CliRunner.Run("denoise", "--checkpoint", run, "--input", low, "--output", output, "--batch", "32");
        Assert.True(denoise.ExitCode == 0, denoise.Output);
        Assert.True(File.Exists(Path.Combine(dir.Path, "denoised.png")), "montage beside the output");

        var input = NiftiReader.Read(low);
        var result = NiftiReader.Read(output);
        Assert.Equal(input.Shape, result.Shape);
        Assert.Equal(input.Spacing, result.Spacing);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                Assert.Equal(input.Affine[r, c], result.Affine[r, c], 4);
        Assert.Equal(NiftiDataType.Int16, result.SourceDataType);
        var (min, max, _) = result.Statistics();
        Assert.Equal(-1024f, min, 0.5f);                           // air outside the head
        Assert.True(max > 500, $"bone should come out in HU (max {max})");

        // RED-CNN and pix2pix's U-Net exported to ONNX; --verify runs ONNX Runtime against TidyGan on real input slices.
        AssertExportAgrees(run, Path.Combine(dir.Path, "mse.onnx"), "RedCnn");
        var p2p = Path.Combine(dir.Path, "p2p");
        var trainP2p = CliRunner.Run("train", "pix2pix", "--a", "nifti:" + low, "--b", "nifti:" + clean,
            "--steps", "1", "--batch", "2", "--size", "32", "--width", "4", "--out", p2p);
        Assert.True(trainP2p.ExitCode == 0, trainP2p.Output);
        AssertExportAgrees(p2p, Path.Combine(dir.Path, "p2p.onnx"), "UnetGenerator");
    }

    private static void AssertExportAgrees(string run, string onnx, string network)
    {
        var export = CliRunner.Run("export", "--checkpoint", run, "--format", "onnx", "--out", onnx, "--verify");
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.Contains(network, export.Output);
        var match = System.Text.RegularExpressions.Regex.Match(export.Output, @"max abs difference ([0-9.eE+-]+)");
        Assert.True(match.Success, export.Output);
        Assert.True(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 1e-3, export.Output);
    }

    [Fact]
    public void VolumesOnDifferentGridsAreRefusedNamingBothFiles()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("train", "pix2pix", "--a", "ct-head", "--b", "mr-head", "--steps", "1", "--out", Path.Combine(dir.Path, "run"));
        Assert.NotEqual(0, result.ExitCode);
        var text = string.Join("", result.Lines);                  // the console may wrap the message
        Assert.Contains("not on one grid", text);
        Assert.Contains("Cranium.inv3", text);
        Assert.Contains("ch2.nii.gz", text);
    }
}
