using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Data.CtPhysics;

/// <summary>
/// Filtered back-projection of sinograms [N, 1, Views, Detectors] (line integrals, as from
/// <see cref="RadonProjector"/>) to images [N, 1, H, W] in the projected quantity's units (1/mm for p = ∫μ ds).
/// Parallel beam: f = (π/V)·Σ_θ q_θ(x cosθ + y sinθ), q = p ∗ h (Kak &amp; Slaney eq. 3.62). Equiangular fan:
/// cosine pre-weighting R′ = R·D·cosγ, q = R′ ∗ g, and distance-weighted back-projection
/// f = (2π/V)·Σ_β q_β(γ′)/L² where L and γ′ are the pixel's distance from the source and its fan angle
/// (Kak &amp; Slaney eqs. 3.100–3.106). Detector values between samples are read by linear interpolation.
/// </summary>
public static class FilteredBackProjection
{
    private const long PointsPerChunk = 1L << 22;

    public static Tensor Reconstruct(Tensor sinogram, CtGeometry geometry, CtImageGrid grid,
        ReconstructionFilter filter = ReconstructionFilter.RamLak)
    {
        geometry.Validate();
        grid.Validate();
        if (sinogram.dim() != 4 || sinogram.shape[1] != 1 || sinogram.shape[2] != geometry.Views || sinogram.shape[3] != geometry.Detectors)
            throw new ArgumentException($"sinogram must be [N, 1, {geometry.Views}, {geometry.Detectors}] for this geometry, got [{string.Join(", ", sinogram.shape)}]");

        using var scope = NewDisposeScope();
        var weighted = geometry is FanBeamGeometry fan ? sinogram * CosineWeights(fan).to(sinogram.dtype, sinogram.device) : sinogram;
        var filtered = RampFilter.Apply(weighted, geometry, filter);
        return BackProject(filtered, geometry, grid).MoveToOuterDisposeScope();
    }

    /// <summary>Σ over views of weight·q(detector position of each pixel), with the view-increment factor.</summary>
    internal static Tensor BackProject(Tensor filtered, CtGeometry geometry, CtImageGrid grid)
    {
        using var scope = NewDisposeScope();
        int n = (int)filtered.shape[0], views = geometry.Views, detectors = geometry.Detectors;
        long pixels = (long)grid.Height * grid.Width;
        int viewsPerChunk = (int)Math.Max(1, PointsPerChunk / (pixels * n));
        var (x, y) = PixelCentres(grid);                                        // [H·W, 1] mm
        var image = zeros(new long[] { n, 1, pixels }, dtype: filtered.dtype, device: filtered.device);
        for (int v0 = 0; v0 < views; v0 += viewsPerChunk)
        {
            using var chunkScope = NewDisposeScope();                          // frees each chunk's temporaries
            int count = Math.Min(viewsPerChunk, views - v0);
            var view = arange(v0, v0 + count, dtype: ScalarType.Float64).view(1, count);
            var angle = view * geometry.ViewIncrement;
            var (detector, weight) = geometry switch
            {
                FanBeamGeometry fan => FanSampling(fan, x, y, angle),
                ParallelBeamGeometry parallel => ((x * angle.cos() + y * angle.sin()) / parallel.DetectorSpacingMm,
                    full(1, 1, Math.PI / views, dtype: ScalarType.Float64)),
                _ => throw new ArgumentException($"unknown geometry {geometry.GetType().Name}"),
            };
            var sampling = stack(new[]
            {
                (detector + (detectors - 1) / 2.0) * (2.0 / (detectors - 1)) - 1,   // align_corners=true: ±1 at the end detectors
                (view * (2.0 / (views - 1)) - 1).expand_as(detector),
            }, dim: -1).to(filtered.dtype, filtered.device).unsqueeze(0).expand(n, -1, -1, -1);
            var values = nn.functional.grid_sample(filtered, sampling, GridSampleMode.Bilinear,
                GridSamplePaddingMode.Zeros, align_corners: true);     // [N, 1, H·W, count]
            image.add_((values * weight.to(filtered.dtype, filtered.device)).sum(-1));
        }
        return image.view(n, 1, grid.Height, grid.Width).MoveToOuterDisposeScope();
    }

    // Fan angle γ′ (in detector steps) and weight Δβ/L² of each pixel seen from each source position.
    private static (Tensor Detector, Tensor Weight) FanSampling(FanBeamGeometry fan, Tensor x, Tensor y, Tensor beta)
    {
        double d = fan.SourceToIsocentreMm;
        var along = x * beta.sin() - y * beta.cos() + d;                      // component along the central ray
        var across = x * beta.cos() + y * beta.sin();                          // component along the detector arc
        var gamma = atan2(across, along);
        return (gamma / fan.DetectorAngleRad, fan.ViewIncrement / (along.square() + across.square()));
    }

    private static Tensor CosineWeights(FanBeamGeometry fan)
    {
        var weights = new double[fan.Detectors];
        for (int k = 0; k < weights.Length; k++) weights[k] = fan.SourceToIsocentreMm * Math.Cos(fan.FanAngle(k));
        return tensor(weights);
    }

    /// <summary>Pixel centres (mm) in row-major order, as [H·W, 1] float64 columns.</summary>
    internal static (Tensor X, Tensor Y) PixelCentres(CtImageGrid grid)
    {
        var columns = (arange(grid.Width, dtype: ScalarType.Float64) - (grid.Width - 1) / 2.0) * grid.PixelSpacingMm;
        var rows = ((grid.Height - 1) / 2.0 - arange(grid.Height, dtype: ScalarType.Float64)) * grid.PixelSpacingMm;
        var x = columns.view(1, -1).expand(grid.Height, -1).reshape(-1, 1);
        var y = rows.view(-1, 1).expand(-1, grid.Width).reshape(-1, 1);
        return (x, y);
    }
}
