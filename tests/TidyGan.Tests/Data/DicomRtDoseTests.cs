using TidyGan.Data;

namespace TidyGan.Tests.Data;

/// <summary>RT Dose (pydicom's rtdose*.dcm): dose in Gy = pixel_array × DoseGridScaling, frames placed by GridFrameOffsetVector.</summary>
public sealed class DicomRtDoseTests
{
    private const string PydicomDose = """
        import sys, json, numpy as np, pydicom
        ds = pydicom.dcmread(sys.argv[1])
        dose = ds.pixel_array.astype(np.float64) * float(ds.DoseGridScaling)
        if dose.ndim == 2: dose = dose[None]
        z = [float(ds.ImagePositionPatient[2]) + float(o) for o in ds.GridFrameOffsetVector][:dose.shape[0]]
        print(json.dumps(dict(dose=dose.ravel().tolist(), frames=dose.shape[0], rows=dose.shape[1], columns=dose.shape[2], z=z,
                              position=[float(v) for v in ds.ImagePositionPatient])))
        """;

    [Theory]
    [InlineData("rtdose.dcm")]
    [InlineData("rtdose_expb.dcm")]
    [InlineData("rtdose_rle.dcm")]
    [InlineData("rtdose_1frame.dcm")]
    public void DoseIsInGyAndFramesFollowTheGridOffsets(string file)
    {
        var path = DicomData.PydicomFiles + file;
        var py = Python.Json(PydicomDose, path);
        int frames = py.GetProperty("frames").GetInt32(), rows = py.GetProperty("rows").GetInt32(), columns = py.GetProperty("columns").GetInt32();
        var dose = py.GetProperty("dose").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var z = py.GetProperty("z").EnumerateArray().Select(e => e.GetDouble()).ToArray();

        var series = DicomSeriesReader.Read(path);
        var v = series.Volume;
        Assert.Equal("RTDOSE", series.Info.Modality);
        Assert.Equal([columns, rows, frames], v.Shape[..3]);
        Assert.True(dose.Max() > 0.5, "a dose in Gy, not raw stored values");
        // dcm2niix's voxel order: x along a row, y from the last row up, z along the normal (+z for this axial grid).
        for (int k = 0; k < frames; k++)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    Assert.Equal((float)dose[(k * rows + r) * columns + c], v[c, rows - 1 - r, k]);
        // Slice k's world z (RAS z = LPS z) is ImagePositionPatient z + GridFrameOffsetVector[k]; spacing 5 mm.
        for (int k = 0; k < frames; k++)
            Assert.Equal(z[k], v.Affine[2, 2] * k + v.Affine[2, 3], 1e-6);
        if (frames > 1) Assert.Equal(z[1] - z[0], v.Spacing[2], 1e-6);
    }
}
