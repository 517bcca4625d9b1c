using TidyGan.Metrics;
using TidyGan.Metrics.ImageMetrics;
using static TorchSharp.torch;

namespace TidyGan.Experiments.LowDose;

/// <summary>One arm at one dose and seed, scored on the test slab.</summary>
/// <param name="Psnr">dB against the full-dose slices inside the head, data range 4095 HU (−1024…3071).</param>
/// <param name="Ssim">Slice-wise SSIM inside the head, same range.</param>
/// <param name="MaeHu">Mean absolute error in HU inside the head against the full-dose slices.</param>
/// <param name="NoiseSdHu">Noise sd (image − noiseless reconstruction) inside the head, from the NPS ROIs.</param>
/// <param name="NpsDistance">Relative L1 distance of the arm's noise power spectrum from the full-dose one (0: same texture).</param>
/// <param name="NpsMeanFrequency">Power-weighted mean frequency of the noise, mm⁻¹ (full dose has its own; lower: blotchier).</param>
/// <param name="SoftTissueW1Hu">Wasserstein-1 distance, in HU, of the soft-tissue HU values from the full-dose ones.</param>
/// <param name="LesionCnr">Mean contrast-to-noise ratio of the inserted lesions.</param>
/// <param name="LesionsLost">Lesions the fixed rule of <see cref="LesionVisibility"/> calls lost, of <see cref="Lesions"/>.</param>
/// <param name="Hallucinations">Structures (<see cref="HallucinationRule"/>) that are in the arm's image but not in the full-dose one.</param>
/// <param name="LargestHallucinationMm2">The largest such structure's area (0: none).</param>
/// <param name="SecondsPerVolume">Wall time to denoise the whole test slab.</param>
public sealed record LowDoseScore(
    LowDoseArm Arm, double Dose, int Seed, double Psnr, double Ssim, double MaeHu, double NoiseSdHu, double NpsDistance,
    double NpsMeanFrequency, double SoftTissueW1Hu, double LesionCnr, int LesionsLost, int Lesions, int Hallucinations,
    double LargestHallucinationMm2, double SecondsPerVolume, double TrainSeconds, double[] NpsPower);

/// <summary>The measurements of issue 16 for one arm's denoised test slab; rules and constants fixed for every arm.</summary>
public static class LowDoseScoring
{
    public const double DataRangeHu = 4095;

    public static LowDoseScore Score(LowDoseArm arm, double dose, int seed, Tensor outputHu, LowDosePhantom phantom, LowDoseScan scan,
        LowDoseExperimentOptions options, double secondsPerVolume, double trainSeconds)
    {
        int slices = (int)outputHu.shape[0], rows = phantom.Rows, cols = phantom.Columns;
        int[] shape = [slices, rows, cols];
        var output = Floats(outputHu);
        var full = Floats(scan.TestFull);
        var truth = Floats(phantom.TestTruth);
        var head = phantom.TestHeadMask;

        var intensity = IntensityMetrics.Compare(full, output, shape, head, DataRangeHu);
        var nps = NoisePowerSpectrum.Radial(Subtract(output, truth), shape, phantom.PixelSpacingMm, options.NpsRoi, head);
        var fullNps = NoisePowerSpectrum.Radial(Subtract(full, truth), shape, phantom.PixelSpacingMm, options.NpsRoi, head);

        var soft = new List<float>();
        var softFull = new List<float>();
        for (int i = 0; i < truth.Length; i++)
            if (head[i] && truth[i] >= options.SoftTissueLowHu && truth[i] <= options.SoftTissueHighHu)
            {
                soft.Add(output[i]);
                softFull.Add(full[i]);
            }
        double w1 = HounsfieldHistogram.Wasserstein1(soft.ToArray(), softFull.ToArray());

        var lesions = phantom.Lesions.Select(l => LesionVisibility.Measure(output.AsSpan(l.Slice * rows * cols, rows * cols).ToArray(), rows, cols,
            l.CentreRow, l.CentreColumn, l.RadiusMm / phantom.PixelSpacingMm, l.ContrastHu)).ToList();

        // Inserted lesions (and a 2-px border) are scored above, not as invented structure.
        var lesionMask = Floats(phantom.TestLesionMasks).Select(v => v > 0).ToArray();
        var exclude = Dilate(lesionMask, slices, rows, cols, 2);
        var invented = Hallucinations.Find(output, full, shape, phantom.PixelSpacingMm, head, options.Hallucination, exclude);

        return new LowDoseScore(arm, dose, seed, intensity.Psnr, intensity.Ssim, intensity.Mae, Math.Sqrt(nps.Variance),
            NoisePowerSpectrum.Distance(nps, fullNps), nps.MeanFrequency, w1,
            lesions.Count > 0 ? lesions.Average(l => l.Cnr) : double.NaN, lesions.Count(l => l.Lost), lesions.Count,
            invented.Count, invented.Count > 0 ? invented[0].AreaMm2 : 0, secondsPerVolume, trainSeconds, nps.Power);
    }

    /// <summary>The full-dose reference's own noise spectrum (what the GAN arms aim for), for the NPS figure.</summary>
    public static NoisePowerSpectrumCurve FullDoseSpectrum(LowDosePhantom phantom, LowDoseScan scan, LowDoseExperimentOptions options) =>
        NoisePowerSpectrum.Radial(Subtract(Floats(scan.TestFull), Floats(phantom.TestTruth)),
            [(int)scan.TestFull.shape[0], phantom.Rows, phantom.Columns], phantom.PixelSpacingMm, options.NpsRoi, phantom.TestHeadMask);

    private static float[] Floats(Tensor t) => t.to_type(ScalarType.Float32).cpu().contiguous().reshape(-1).data<float>().ToArray();

    private static float[] Subtract(float[] a, float[] b)
    {
        var d = new float[a.Length];
        for (int i = 0; i < a.Length; i++) d[i] = a[i] - b[i];
        return d;
    }

    private static bool[] Dilate(bool[] mask, int slices, int rows, int cols, int by)
    {
        var result = new bool[mask.Length];
        for (int s = 0; s < slices; s++)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    if (!mask[(s * rows + r) * cols + c]) continue;
                    for (int dr = Math.Max(-by, -r); dr <= by && r + dr < rows; dr++)
                        for (int dc = Math.Max(-by, -c); dc <= by && c + dc < cols; dc++)
                            result[(s * rows + r + dr) * cols + c + dc] = true;
                }
        return result;
    }
}
