using TidyGan.Data;
using TidyGan.Tests.Cli;

namespace TidyGan.Tests.CycleGan;

/// <summary>The real unpaired head set end to end: a few training steps, then translate the whole Colin27 MR with that checkpoint.</summary>
public class CycleGanSmokeTests
{
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void TrainsOnMrAndCtAndTranslatesTheMrVolume()
    {
        if (!File.Exists(Datasets.Ch2Path) || !File.Exists(Datasets.CraniumPath)) Assert.Fail("needs mricron-data and invesalius-examples (scripts/test.sh installs them)");
        using var dir = new TempDirectory();
        var run = Path.Combine(dir.Path, "run");
        var train = CliRunner.Run("train", "cyclegan", "--a", "mr-head", "--b", "ct-head", "--size", "32", "--width", "4", "--steps", "3",
            "--sample-every", "3", "--out", run);
        Assert.True(train.ExitCode == 0, train.Output);
        Assert.True(File.Exists(Path.Combine(run, "samples", "step-0000003.png")));

        var output = Path.Combine(dir.Path, "sct.nii.gz");
        var translate = CliRunner.Run("translate", "--checkpoint", run, "--input", Datasets.Ch2Path, "--output", output);
        Assert.True(translate.ExitCode == 0, translate.Output);
        var mr = NiftiReader.Read(Datasets.Ch2Path, out var mrHeader);
        var sct = NiftiReader.Read(output, out var header);
        Assert.Equal(mrHeader.Dim, header.Dim);
        Assert.Equal(mr.Affine.Cast<double>(), sct.Affine.Cast<double>());
        Assert.Equal(NiftiDataType.Int16, header.DataType);
        Assert.All(sct.Voxels, v => Assert.InRange(v, -1024f, 3071f));
        Assert.Contains(sct.Voxels, v => v > -1024f);                 // the head was translated, not left as air

        var resume = CliRunner.Run("train", "cyclegan", "--resume", run, "--steps", "4");
        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.True(Directory.Exists(Path.Combine(run, "checkpoints", "step-0000004")));
    }
}
