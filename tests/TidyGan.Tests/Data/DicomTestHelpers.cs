using System.Diagnostics;
using System.Text.Json;
using TidyGan.Data;
using TidyGan.IO;

namespace TidyGan.Tests.Data;

internal static class DicomData
{
    public const string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";
    public const string Ankle = "/usr/share/octave/packages/dicom-0.5.1/imdata/CT-MONO2-16-ankle.dcm";

    /// <summary>pydicom's test files plus octave-dicom's ankle CT when installed.</summary>
    public static IEnumerable<string> ConformanceFiles()
    {
        var files = Directory.Exists(PydicomFiles) ? Directory.GetFiles(PydicomFiles, "*.dcm").OrderBy(f => f, StringComparer.Ordinal).ToList() : [];
        if (File.Exists(Ankle)) files.Add(Ankle);
        return files;
    }

    /// <summary>Runs a python script (Debian's python3, pydicom/nibabel/numpy) with arguments and returns its JSON stdout.</summary>
    public static JsonElement Python(string script, params string[] args) => TidyGan.Tests.Data.Python.Json(script, args);

    /// <summary>Reads a (n, 1) float64 .npy written by the helpers.</summary>
    public static double[] Column(string npy)
    {
        var m = Npy.ReadMatrix(npy);
        var r = new double[m.GetLength(0)];
        for (int i = 0; i < r.Length; i++) r[i] = m[i, 0];
        return r;
    }

    public static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), $"{exe} timed out");
        Assert.True(p.ExitCode == 0, $"{exe} failed: {stdout.Result}{stderr.Result}");
    }

    /// <summary>
    /// pydicom's view of each file: JSON {name: {ok, error, ts, photometric, stored, rescaled}} with stored values
    /// (pixel_array) and modality-LUT values (apply_modality_lut) as (n, 1) float64 .npy files in <paramref name="dir"/>.
    /// </summary>
    public const string PydicomPixels = """
        import sys, json, os, warnings
        import numpy as np, pydicom
        from pydicom.pixel_data_handlers.util import apply_modality_lut
        warnings.simplefilter('ignore')
        out = sys.argv[1]; result = {}
        for i, f in enumerate(sys.argv[2:]):
            r = {}
            try:
                ds = pydicom.dcmread(f)
                r['ts'] = str(ds.file_meta.TransferSyntaxUID) if 'TransferSyntaxUID' in getattr(ds, 'file_meta', {}) else ''
                r['pixels'] = 'PixelData' in ds
                r['photometric'] = str(ds.get('PhotometricInterpretation', ''))
                if r['pixels']:
                    a = ds.pixel_array
                    np.save(os.path.join(out, f'{i}_stored.npy'), a.astype(np.float64).reshape(-1, 1))
                    r['stored'] = os.path.join(out, f'{i}_stored.npy'); r['shape'] = list(a.shape)
                    if 'RescaleSlope' in ds or 'RescaleIntercept' in ds:
                        m = apply_modality_lut(a, ds)
                        np.save(os.path.join(out, f'{i}_rescaled.npy'), np.asarray(m, np.float64).reshape(-1, 1))
                        r['rescaled'] = os.path.join(out, f'{i}_rescaled.npy')
                r['ok'] = True
            except Exception as e:
                r['ok'] = False; r['error'] = f'{type(e).__name__}: {e}'
            result[f] = r
        print(json.dumps(result))
        """;
}

/// <summary>Runs pydicom once over every conformance file (a class fixture: one python start for all cases).</summary>
public sealed class PydicomReference : IDisposable
{
    private readonly TempDir dir = new();

    public PydicomReference() =>
        Files = DicomData.Python(DicomData.PydicomPixels, [dir.Path, .. DicomData.ConformanceFiles()]);

    public JsonElement Files { get; }

    public JsonElement this[string file] => Files.GetProperty(file);

    public void Dispose() => dir.Dispose();
}
