using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Data;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Tests.CycleGan;

[Collection(GlobalRandomState.Name)]
public class TranslateTests
{
    private const float SoftTissueHu = 40;

    /// <summary>
    /// A Cycle-GAN checkpoint whose MR → CT generator outputs one value everywhere: the last conv's weights are 0
    /// and its bias is atanh of 40 HU's normalised value, so every translated voxel must come out as exactly 40 HU.
    /// </summary>
    internal static string ConstantCheckpoint(string folder, CycleGanConfig? tinyConfig = null)
    {
        manual_seed(1);
        var config = tinyConfig ?? CycleLossTests.TinyConfig();
        using var gan = new Gans.CycleGan(config);
        var last = gan.Generators.AToB.named_parameters().Where(p => p.name.EndsWith(".weight")).Last();
        var bias = gan.Generators.AToB.named_parameters().Where(p => p.name.EndsWith(".bias")).Last();
        double normalised = config.DomainB.Intensity.ToNormalized(SoftTissueHu);
        using (no_grad())
        {
            last.parameter.zero_();
            bias.parameter.fill_(Math.Atanh(normalised));
        }
        using var random = new Generator(1);
        var manifest = new CheckpointManifest
        {
            Kind = config.Kind, Step = 1, Trainer = new TrainerOptions(), Data = config.DomainA,
            ModelOptions = System.Text.Json.JsonSerializer.SerializeToNode(config, Checkpoint.Json)!,
        };
        return Checkpoint.Save(folder, manifest, gan.Generator, gan.Discriminator, null, gan.Optimizers, random, 1);
    }

    /// <summary>An MR-like ellipsoid "head" in an LPS-ish volume: axes flipped and permuted, anisotropic voxels, head in z 3…8 only.</summary>
    internal static Volume ObliqueHead()
    {
        int nx = 40, ny = 12, nz = 50;
        var v = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    double dx = (x - 20) / 15.0, dy = (y - 5.5) / 3.0, dz = (z - 25) / 18.0;
                    v[x + nx * (y + ny * z)] = dx * dx + dy * dy + dz * dz < 1 ? 80 + x % 7 : 0;
                }
        // voxel x → world −x (2 mm), voxel y → world z (3 mm, the axial axis), voxel z → world −y (1.5 mm)
        var affine = new double[,] { { -2, 0, 0, 40 }, { 0, 0, -1.5, 30 }, { 0, 3, 0, -10 }, { 0, 0, 0, 1 } };
        return new Volume(v, [nx, ny, nz], affine, IntensityKind.Unknown, NiftiDataType.UInt8, "oblique");
    }

    [Fact]
    public void TranslatedVolumeIsInTheInputSpaceAndInHounsfieldUnits()
    {
        using var dir = new TempDirectory();
        ConstantCheckpoint(dir.Path);
        using var model = CheckpointLoader.Load<Gans.CycleGan>(dir.Path, CPU);
        var input = ObliqueHead();
        using var translation = VolumeTranslator.Translate(model.Gan, input, TranslationDirection.AToB, batchSize: 4);
        var output = translation.Output;
        Assert.Equal(input.Shape, output.Shape);
        Assert.Equal(input.Spacing, output.Spacing);
        Assert.Equal(input.Affine.Cast<double>(), output.Affine.Cast<double>());
        Assert.Equal(IntensityKind.Hounsfield, output.Kind);
        Assert.Equal(NiftiDataType.Int16, output.SourceDataType);
        // Axial = voxel y here; the head spans y = 3…8 (|dy| < 1 ⇔ 2.5 < y < 8.5): those slices are 40 HU throughout
        // (the field of view of 200 mm covers the whole 80 × 75 mm slice), the others are air.
        Assert.Equal([3, 4, 5, 6, 7, 8], translation.SliceIndices);
        for (int z = 0; z < 50; z++)
            for (int y = 0; y < 12; y++)
                for (int x = 0; x < 40; x++)
                    Assert.Equal(y is >= 3 and <= 8 ? SoftTissueHu : -1024f, output[x, y, z], 2);
    }

    [Fact]
    public void CliWritesANiftiWhoseHeaderMatchesTheInput()
    {
        using var dir = new TempDirectory();
        ConstantCheckpoint(Path.Combine(dir.Path, "run"));
        var input = Path.Combine(dir.Path, "mr.nii.gz");
        NiftiWriter.Write(input, ObliqueHead());
        var output = Path.Combine(dir.Path, "sct.nii.gz");
        var result = CliRunner.Run("translate", "--checkpoint", Path.Combine(dir.Path, "run"), "--input", input, "--output", output, "--direction", "mr2ct", "--batch", "5");
        Assert.True(result.ExitCode == 0, result.Output);
        var written = NiftiReader.Read(output, out var header);
        var original = NiftiReader.Read(input, out var originalHeader);
        Assert.Equal(NiftiDataType.Int16, header.DataType);
        Assert.Equal(originalHeader.Dim, header.Dim);
        Assert.Equal(originalHeader.PixDim.Take(4), header.PixDim.Take(4));
        Assert.Equal(original.Affine.Cast<double>(), written.Affine.Cast<double>());
        Assert.Equal(new[] { -1024f, SoftTissueHu }, written.Voxels.Distinct().Order());
        Assert.True(File.Exists(Path.Combine(dir.Path, "sct.png")), "montage next to the output");
    }

    [Fact]
    public void WrongDirectionAndMissingInputAreUserErrors()
    {
        using var dir = new TempDirectory();
        ConstantCheckpoint(dir.Path);
        var missing = CliRunner.Run("translate", "--checkpoint", dir.Path, "--input", Path.Combine(dir.Path, "nope.nii"), "--output", Path.Combine(dir.Path, "o.nii"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error:", missing.Output);
        Assert.Contains("nope.nii", missing.Output);
        var bad = CliRunner.Run("translate", "--checkpoint", dir.Path, "--input", "x.nii", "--output", "y.nii", "--direction", "up");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--direction", bad.Output);
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void CliWritesADicomSeriesNamingTheModel()
    {
        using var dir = new TempDirectory();
        var checkpoint = ConstantCheckpoint(Path.Combine(dir.Path, "run"));
        var input = Path.Combine(dir.Path, "mr.nii.gz");
        NiftiWriter.Write(input, ObliqueHead());
        var output = Path.Combine(dir.Path, "sct");
        var result = CliRunner.Run("translate", "--checkpoint", Path.Combine(dir.Path, "run"), "--input", input, "--output", output,
            "--direction", "mr2ct", "--format", "dicom", "--anonymize", "--batch", "25");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(File.Exists(Path.Combine(dir.Path, "sct.png")), "montage beside the series folder");
        var read = Python.Json("""
            import json, sys, os, pydicom
            files = sorted(os.listdir(sys.argv[1]))
            ds = [pydicom.dcmread(os.path.join(sys.argv[1], f)) for f in files]
            print(json.dumps({'files': files, 'derivation': sorted({str(d.DerivationDescription) for d in ds}),
                              'patient': sorted({str(d.PatientName) for d in ds}), 'modality': sorted({d.Modality for d in ds}),
                              'hu': sorted({float(v) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in ds for v in set(d.pixel_array.ravel().tolist())})}))
            """, output);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"CT.{i:D4}.dcm"), read.GetProperty("files").EnumerateArray().Select(e => e.GetString()));
        var derivation = Assert.Single(read.GetProperty("derivation").EnumerateArray()).GetString()!;
        Assert.Contains("cyclegan mr2ct at step 1", derivation);
        Assert.Contains(global::TidyGan.Synthetic.SyntheticManifest.Sha256(Path.Combine(checkpoint, Checkpoint.GeneratorFile)), derivation);
        Assert.Equal([""], read.GetProperty("patient").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["CT"], read.GetProperty("modality").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([-1024.0, SoftTissueHu], read.GetProperty("hu").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public void DicomOutputIsRefusedForMrAndForANonEmptyFolder()
    {
        using var dir = new TempDirectory();
        ConstantCheckpoint(Path.Combine(dir.Path, "run"));
        var input = Path.Combine(dir.Path, "ct.nii.gz");
        NiftiWriter.Write(input, ObliqueHead());
        var run = Path.Combine(dir.Path, "run");
        var mr = CliRunner.Run("translate", "--checkpoint", run, "--input", input, "--output", Path.Combine(dir.Path, "smr"), "--direction", "ct2mr", "--format", "dicom");
        Assert.Equal(1, mr.ExitCode);
        Assert.Contains("error:", mr.Output);
        Assert.Contains("--format nifti", mr.Output);
        var busy = Path.Combine(dir.Path, "busy");
        Directory.CreateDirectory(busy);
        File.WriteAllText(Path.Combine(busy, "x"), "");
        var full = CliRunner.Run("translate", "--checkpoint", run, "--input", input, "--output", busy, "--format", "dicom");
        Assert.Equal(1, full.ExitCode);
        Assert.Contains("not empty", full.Output);
        var anonymizeNifti = CliRunner.Run("translate", "--checkpoint", run, "--input", input, "--output", Path.Combine(dir.Path, "o.nii"), "--anonymize");
        Assert.NotEqual(0, anonymizeNifti.ExitCode);
        Assert.Contains("--anonymize", anonymizeNifti.Output);
        var notDicom = CliRunner.Run("translate", "--checkpoint", run, "--input", busy, "--output", Path.Combine(dir.Path, "o2"));
        Assert.Equal(1, notDicom.ExitCode);
        Assert.Contains("error:", notDicom.Output);
        Assert.Contains("holds no DICOM", notDicom.Output);
    }

    /// <summary>The whole path of issue 14's user: an MR series (written by pydicom) in, a synthetic CT series out that sits
    /// beside it: same study, frame of reference and patient, new series, and the MR's grid (as dcm2niix sees both).</summary>
    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void DicomMrSeriesInGivesACtSeriesBesideIt()
    {
        using var dir = new TempDirectory();
        var run = Path.Combine(dir.Path, "run");
        ConstantCheckpoint(run);
        var mr = Path.Combine(dir.Path, "mr");
        Python.Json(Data.DicomSeriesTests.MakeSeries, mr, "oblique", "none", "1");
        var sct = Path.Combine(dir.Path, "sct");
        var result = CliRunner.Run("translate", "--checkpoint", run, "--input", mr, "--output", sct, "--direction", "mr2ct");
        Assert.True(result.ExitCode == 0, result.Output);

        var both = Python.Json("""
            import json, sys, os, subprocess, pydicom, nibabel as nib
            out = {}
            for name, folder in (('mr', sys.argv[1]), ('ct', sys.argv[2])):
                files = [os.path.join(r, f) for r, _, fs in os.walk(folder) for f in fs]
                ds = pydicom.dcmread(files[0])
                niix = folder + '-niix'; os.makedirs(niix)
                subprocess.run(['dcm2niix', '-o', niix, '-f', 'v', '-z', 'n', folder], check=True, capture_output=True)
                im = nib.load(os.path.join(niix, 'v.nii'))
                planes = sorted(tuple(round(float(v), 3) for v in list(pydicom.dcmread(f).ImagePositionPatient) + list(pydicom.dcmread(f).ImageOrientationPatient)) for f in files)
                out[name] = {'study': ds.StudyInstanceUID, 'frame': ds.FrameOfReferenceUID, 'series': ds.SeriesInstanceUID, 'planes': planes,
                             'patient': str(ds.PatientName), 'modality': ds.Modality, 'files': len(files),
                             'affine': im.affine.tolist(), 'shape': list(im.shape)}
            print(json.dumps(out))
            """, mr, sct);
        var (source, synthetic) = (both.GetProperty("mr"), both.GetProperty("ct"));
        foreach (var key in new[] { "study", "frame", "patient", "files", "planes" })   // planes: every ImagePositionPatient + ImageOrientationPatient
            Assert.Equal(source.GetProperty(key).ToString(), synthetic.GetProperty(key).ToString());
        Assert.NotEqual(source.GetProperty("series").GetString(), synthetic.GetProperty("series").GetString());
        Assert.Equal("CT", synthetic.GetProperty("modality").GetString());
        Assert.Equal(source.GetProperty("shape").ToString(), synthetic.GetProperty("shape").ToString());
        var a = source.GetProperty("affine").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble()).ToArray();
        var b = synthetic.GetProperty("affine").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble()).ToArray();
        Assert.True(a.Zip(b).All(p => Math.Abs(p.First - p.Second) < 1e-4), $"affines differ: {string.Join(",", a)} vs {string.Join(",", b)}");
    }
}
