using System.Text.Json;
using TidyGan.Data;
using TidyGan.Tests.Cli;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.Cohorts;

/// <summary>
/// Issue 14's user end to end: a cohort of subjects with a T1 MR as a DICOM series (written by pydicom, an independent
/// writer, from the Colin27 head at 2 mm) and a CT in HU (NIfTI, the Cranium CT) → `train cyclegan` on the cohort's
/// training subjects → `translate` one subject's DICOM MR → a synthetic CT DICOM series, checked with dciodvfy, pydicom
/// and dcm2niix.
/// </summary>
[Trait(Traits.Category, Traits.PythonReference)]
public sealed class DicomCohortPipelineTests
{
    internal const string WriteMr = """
        import sys, os, numpy as np, nibabel as nib, pydicom
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian, generate_uid
        out, patient = sys.argv[1], sys.argv[2]
        os.makedirs(out)
        im = nib.load('/usr/share/mricron/templates/ch2.nii.gz')
        vol = np.asarray(im.dataobj)[::2, ::2, ::2].astype(np.int16)          # 91 x 109 x 91 at 2 mm
        aff = im.affine.copy(); aff[:3, :3] *= 2
        study, series, frame = generate_uid(), generate_uid(), generate_uid()
        # RAS affine -> LPS; DICOM rows run down voxel y (the order dcm2niix reads back).
        lps = np.diag([-1, -1, 1, 1]) @ aff
        r = lps[:3, 0] / np.linalg.norm(lps[:3, 0]); c = -lps[:3, 1] / np.linalg.norm(lps[:3, 1])
        ny = vol.shape[1]
        for k in range(vol.shape[2]):
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.4'
            meta.MediaStorageSOPInstanceUID = generate_uid(); meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds = Dataset(); ds.file_meta = meta; ds.is_little_endian = True; ds.is_implicit_VR = False
            ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
            ds.Modality = 'MR'; ds.PatientName = patient; ds.PatientID = patient
            ds.StudyInstanceUID = study; ds.SeriesInstanceUID = series; ds.FrameOfReferenceUID = frame
            ds.InstanceNumber = k + 1
            ds.ImageOrientationPatient = [float(v) for v in list(r) + list(c)]
            ds.ImagePositionPatient = [float(v) for v in (lps @ [0, ny - 1, k, 1])[:3]]
            ds.PixelSpacing = [2.0, 2.0]; ds.SliceThickness = 2.0
            pix = vol[:, ::-1, k].T.copy()
            ds.Rows, ds.Columns = pix.shape
            ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'
            ds.BitsAllocated = 16; ds.BitsStored = 16; ds.HighBit = 15; ds.PixelRepresentation = 1
            ds.PixelData = pix.astype('<i2').tobytes()
            ds.save_as(os.path.join(out, f'{k:04d}.dcm'), write_like_original=False)
        print('{}')
        """;

    [Fact]
    public void DicomCohortTrainsACycleGanAndTranslatesAnMrSeriesIntoACtSeries()
    {
        using var dir = new TempDirectory();
        var cohort = Path.Combine(dir.Path, "cohort");
        var ct = InVesaliusReader.Read(RealData.Cranium);
        foreach (var subject in new[] { "p01", "p02", "p03" })
        {
            Directory.CreateDirectory(Path.Combine(cohort, subject));
            Python.Json(WriteMr, Path.Combine(cohort, subject, "mr"), subject);
            NiftiWriter.Write(Path.Combine(cohort, subject, "ct.nii.gz"), ct);
        }

        // README's three commands, as written, on this cohort; the training line gets a tiny budget.
        var run = Path.Combine(dir.Path, "run");
        var commands = ReadmeCommands().Select(c => c.Replace("/data/heads", cohort, StringComparison.Ordinal).Replace("runs/heads", run, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, commands.Count);
        Assert.StartsWith("data info", commands[0], StringComparison.Ordinal);
        foreach (var command in commands)
        {
            var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (args[0] == "train") args.AddRange(["--size", "32", "--width", "8", "--steps", "2", "--max-depth", "0"]);
            var result = CliRunner.Run([.. args]);
            Assert.True(result.ExitCode == 0, $"{command}\n{result.Output}");
        }
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
            Assert.Contains("subjects", config.RootElement.GetRawText(), StringComparison.Ordinal);
        var mr = Path.Combine(cohort, "p03", "mr");
        var sct = Path.Combine(cohort, "p03", "sct");

        var files = Directory.GetFiles(sct, "*.dcm").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Directory.GetFiles(mr).Length, files.Length);
        foreach (var file in new[] { files[0], files[^1] })
        {
            var errors = DicomValidator(file);
            Assert.True(errors.Count == 0, $"dciodvfy on {file}:\n" + string.Join("\n", errors));
        }
        var both = Python.Json("""
            import json, sys, os, subprocess, pydicom, nibabel as nib
            out = {}
            for name, folder in (('mr', sys.argv[1]), ('ct', sys.argv[2])):
                ds = [pydicom.dcmread(os.path.join(folder, f)) for f in sorted(os.listdir(folder))]
                niix = folder + '-niix'; os.makedirs(niix)
                subprocess.run(['dcm2niix', '-o', niix, '-f', 'v', '-z', 'n', folder], check=True, capture_output=True)
                im = nib.load(os.path.join(niix, 'v.nii'))
                hu = [float(v) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in ds[40:41] for v in d.pixel_array.ravel()] if name == 'ct' else []
                out[name] = {'study': ds[0].StudyInstanceUID, 'frame': ds[0].FrameOfReferenceUID, 'patient': str(ds[0].PatientName),
                             'modality': ds[0].Modality, 'affine': im.affine.tolist(), 'shape': list(im.shape),
                             'huMin': min(hu) if hu else 0, 'huMax': max(hu) if hu else 0}
            print(json.dumps(out))
            """, mr, sct);
        var (source, synthetic) = (both.GetProperty("mr"), both.GetProperty("ct"));
        foreach (var key in new[] { "study", "frame", "patient", "shape" })
            Assert.Equal(source.GetProperty(key).ToString(), synthetic.GetProperty(key).ToString());
        Assert.Equal("CT", synthetic.GetProperty("modality").GetString());
        var a = source.GetProperty("affine").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble()).ToArray();
        var b = synthetic.GetProperty("affine").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble()).ToArray();
        Assert.True(a.Zip(b).All(p => Math.Abs(p.First - p.Second) < 1e-4), "the CT is not on the MR's grid as dcm2niix reads them");
        Assert.InRange(synthetic.GetProperty("huMin").GetDouble(), -1100, 3100);                 // HU, in the CT window's range
        Assert.InRange(synthetic.GetProperty("huMax").GetDouble(), -1100, 3100);
    }

    /// <summary>The `./tidygan` lines of README's block after &lt;!-- own-data-commands --&gt;, without `./tidygan` and env prefixes.</summary>
    private static List<string> ReadmeCommands()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
        var lines = File.ReadAllLines(Path.Combine(dir!.FullName, "README.md"));
        int start = Array.FindIndex(lines, l => l.Contains("<!-- own-data-commands -->", StringComparison.Ordinal));
        Assert.True(start >= 0, "README has no own-data-commands block");
        return lines.Skip(start + 2).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("./tidygan ", StringComparison.Ordinal) + "./tidygan ".Length)..].Trim()).ToList();
    }

    /// <summary>dciodvfy's Error lines for one file (warnings are allowed).</summary>
    private static List<string> DicomValidator(string file)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dciodvfy") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(file);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return output.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
    }
}
