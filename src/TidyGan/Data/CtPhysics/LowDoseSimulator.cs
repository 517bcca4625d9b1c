using static TorchSharp.torch;

namespace TidyGan.Data.CtPhysics;

/// <summary>A simulated pair on one grid, both in HU: the full-dose and the low-dose reconstruction.</summary>
public sealed record LowDosePair(Tensor FullDose, Tensor LowDose) : IDisposable
{
    public void Dispose()
    {
        FullDose.Dispose();
        LowDose.Dispose();
    }
}

/// <summary>
/// Low-dose CT from full-dose HU slices [N, 1, H, W]: HU → μ, line integrals p through the
/// <see cref="RadonProjector"/>, transmitted counts N = Poisson(d·I₀·e^−p) + Normal(0, σ_e²), clamped to a floor,
/// p̂ = −ln(N/(d·I₀)), <see cref="FilteredBackProjection"/>, μ → HU. The full-dose image takes the same projector
/// and FBP (noiseless, or at d = 1 with <see cref="LowDoseOptions.NoisyFullDose"/>), so the pair differs only by
/// the dose. All randomness comes from the caller's generator: the same seed gives the same images.
/// </summary>
public static class LowDoseSimulator
{
    public static LowDosePair Simulate(Tensor hu, double pixelSpacingMm, LowDoseOptions options, Generator random)
    {
        options.Validate();
        var grid = new CtImageGrid((int)hu.shape[^2], (int)hu.shape[^1], pixelSpacingMm);
        RadonProjector.CheckImages(hu, grid);
        var geometry = options.GeometryFor(grid);

        using var scope = NewDisposeScope();
        var mu = HounsfieldAttenuation.ToAttenuation(hu.to_type(ScalarType.Float32), options.WaterMuPerMm);
        var lineIntegrals = RadonProjector.Project(mu, grid, geometry);
        var full = options.NoisyFullDose ? NoisyLineIntegrals(lineIntegrals, 1.0, options, random) : lineIntegrals;
        var low = NoisyLineIntegrals(lineIntegrals, options.Dose, options, random);
        var fullHu = ToHounsfield(full, geometry, grid, options);
        var lowHu = ToHounsfield(low, geometry, grid, options);
        return new LowDosePair(fullHu.MoveToOuterDisposeScope(), lowHu.MoveToOuterDisposeScope());
    }

    /// <summary>The noiseless reconstruction: the same projector and FBP as <see cref="Simulate(Tensor, double, LowDoseOptions, Generator)"/>
    /// without counts, the truth a simulated scan's noise is measured against.</summary>
    public static Tensor Noiseless(Tensor hu, double pixelSpacingMm, LowDoseOptions options)
    {
        options.Validate();
        var grid = new CtImageGrid((int)hu.shape[^2], (int)hu.shape[^1], pixelSpacingMm);
        RadonProjector.CheckImages(hu, grid);
        var geometry = options.GeometryFor(grid);
        using var scope = NewDisposeScope();
        var mu = HounsfieldAttenuation.ToAttenuation(hu.to_type(ScalarType.Float32), options.WaterMuPerMm);
        return ToHounsfield(RadonProjector.Project(mu, grid, geometry), geometry, grid, options).MoveToOuterDisposeScope();
    }

    /// <summary>Seeded overload: a fresh generator per call.</summary>
    public static LowDosePair Simulate(Tensor hu, double pixelSpacingMm, LowDoseOptions options, long seed)
    {
        using var random = new Generator((ulong)seed);
        return Simulate(hu, pixelSpacingMm, options, random);
    }

    /// <summary>The measured line integrals −ln(N/I) of a scan with incident flux I = dose·I₀ per ray.</summary>
    public static Tensor NoisyLineIntegrals(Tensor lineIntegrals, double dose, LowDoseOptions options, Generator random)
    {
        using var scope = NewDisposeScope();
        double incident = dose * options.IncidentPhotons;
        var expected = (-lineIntegrals).exp() * incident;
        var counts = poisson(expected, random);
        if (options.ElectronicNoiseSd > 0)
            counts = counts + randn(counts.shape, dtype: counts.dtype, generator: random) * options.ElectronicNoiseSd;
        return (-(counts.clamp_min(options.CountFloor) / incident).log()).MoveToOuterDisposeScope();
    }

    private static Tensor ToHounsfield(Tensor lineIntegrals, CtGeometry geometry, CtImageGrid grid, LowDoseOptions options) =>
        HounsfieldAttenuation.ToHounsfield(
            FilteredBackProjection.Reconstruct(lineIntegrals, geometry, grid, options.Filter), options.WaterMuPerMm);
}
