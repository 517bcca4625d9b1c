namespace TidyGan.Metrics.ImageMetrics;

/// <summary>
/// Voxel-wise agreement of a test image with a reference, in the images' physical units (HU for CT).
/// </summary>
/// <param name="Mae">Mean absolute error over the masked voxels.</param>
/// <param name="Rmse">Root mean squared error over the masked voxels.</param>
/// <param name="Psnr">20·log10(DataRange / Rmse) in dB; +∞ when the images are identical (Rmse = 0).</param>
/// <param name="Ssim">Mean SSIM (Wang 2004) over masked pixels whose 11×11 window fits in the slice; NaN if none.</param>
/// <param name="Voxels">How many voxels the mask selected (MAE/RMSE/PSNR).</param>
/// <param name="SsimPixels">How many pixels the SSIM mean was taken over (masked, away from the slice border).</param>
/// <param name="DataRange">The range L used by PSNR and SSIM, stated because papers differ.</param>
public sealed record IntensityComparison(
    double Mae, double Rmse, double Psnr, double Ssim, long Voxels, long SsimPixels, double DataRange);
