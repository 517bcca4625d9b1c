using TidyGan.Data.CtPhysics;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace TidyGan.Tests.CtPhysics;

/// <summary>
/// The simulator's noise law on a uniform water disc (0 HU, 160 mm, in air) on a 64 × 64 grid of 3 mm pixels:
/// quantum noise variance in the reconstruction is ∝ 1/(d·I₀), so the standard deviation in a central region must
/// scale as 1/√d. Measured on the difference low − full (the noiseless full dose takes out the deterministic FBP
/// ripple) over 8 noise realisations, so that the sd estimate itself is good to ~2%.
/// </summary>
public sealed class LowDoseNoiseTests(ITestOutputHelper output)
{
    private const int Size = 64, Realisations = 8;
    private const double Spacing = 3.0;
    private static readonly LowDoseOptions Options = LowDoseOptions.Default with { Views = 180 };

    private static Tensor WaterDisc()
    {
        var grid = new CtImageGrid(Size, Size, Spacing);
        var disc = AnalyticProjectionTests.Disc(grid, 0, 0, 80 / Spacing);
        var hu = disc.Select(inside => inside ? 0f : -1000f).ToArray();
        return tensor(hu).view(1, 1, Size, Size).expand(Realisations, -1, -1, -1).contiguous();
    }

    private static double CentralSd(Tensor difference)
    {
        var centre = AnalyticProjectionTests.Disc(new CtImageGrid(Size, Size, Spacing), 0, 0, 15);
        var values = difference.to_type(ScalarType.Float64).reshape(Realisations, -1).data<double>().ToArray();
        var inside = values.Where((_, i) => centre[i % (Size * Size)]).ToArray();
        double mean = inside.Average();
        return Math.Sqrt(inside.Sum(v => (v - mean) * (v - mean)) / (inside.Length - 1));
    }

    private static Dictionary<double, double> SdByDose(LowDoseOptions options)
    {
        using var water = WaterDisc();
        var sd = new Dictionary<double, double>();
        foreach (double dose in new[] { 1.0, 0.5, 0.25, 0.1 })
        {
            using var pair = LowDoseSimulator.Simulate(water, Spacing, options with { Dose = dose }, seed: 11);
            using var difference = pair.LowDose - pair.FullDose;
            sd[dose] = CentralSd(difference);
        }
        return sd;
    }

    [Fact]
    public void Quantum_noise_sd_scales_as_one_over_root_dose()
    {
        var sd = SdByDose(Options with { ElectronicNoiseSd = 0 });
        foreach (var (dose, value) in sd)
        {
            double ratio = value / sd[1.0] * Math.Sqrt(dose);     // 1 under the 1/√d law
            output.WriteLine($"σ_e = 0, dose {dose}: sd {value:0.00} HU, sd·√d / sd(1) = {ratio:0.000}");
            Assert.InRange(ratio, 0.9, 1.1);
        }
    }

    /// <summary>
    /// With electronic noise the law bends where few photons arrive: var(p̂) ≈ (N̄ + σ_e²)/N̄², so
    /// sd·√d / sd(1) = √((1 + σ_e²/N̄_d)/(1 + σ_e²/N̄_1)), N̄_d = d·I₀·e^(−p) with p the central ray's 160 mm of water.
    /// </summary>
    [Fact]
    public void Electronic_noise_bends_the_law_as_predicted()
    {
        var sd = SdByDose(Options);
        double Mean(double dose) => dose * Options.IncidentPhotons * Math.Exp(-160 * Options.WaterMuPerMm);
        double variance = Options.ElectronicNoiseSd * Options.ElectronicNoiseSd;
        foreach (var (dose, value) in sd)
        {
            double ratio = value / sd[1.0] * Math.Sqrt(dose);
            double predicted = Math.Sqrt((1 + variance / Mean(dose)) / (1 + variance / Mean(1)));
            output.WriteLine($"σ_e = {Options.ElectronicNoiseSd}, dose {dose}: sd {value:0.00} HU, sd·√d / sd(1) = {ratio:0.000}, predicted {predicted:0.000}");
            Assert.InRange(ratio, 0.9, 1.1);
            Assert.InRange(ratio / predicted, 0.97, 1.03);
        }
    }

    [Fact]
    public void Full_dose_is_the_noiseless_input_through_the_same_fbp_and_the_water_reads_zero_hu()
    {
        using var water = WaterDisc();
        using var pair = LowDoseSimulator.Simulate(water, Spacing, Options, seed: 3);
        var centre = AnalyticProjectionTests.Disc(new CtImageGrid(Size, Size, Spacing), 0, 0, 15);
        var full = pair.FullDose[0].reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
        double mean = AnalyticProjectionTests.Mean(full, centre);
        double worst = full.Where((_, i) => centre[i]).Max(v => Math.Abs(v));
        output.WriteLine($"noiseless water: mean {mean:0.00} HU, worst |HU| {worst:0.00}");
        Assert.InRange(mean, -5, 5);
        Assert.True(worst < 15, $"noiseless water deviates by {worst} HU");
        // The realisations of the full dose are identical (no noise); the low doses differ.
        Assert.Equal(0, (pair.FullDose[0] - pair.FullDose[1]).abs().max().item<float>());
        Assert.True((pair.LowDose[0] - pair.LowDose[1]).abs().max().item<float>() > 1);
    }

    [Fact]
    public void Same_seed_same_images_other_seed_other_noise()
    {
        using var water = WaterDisc();
        using var a = LowDoseSimulator.Simulate(water, Spacing, Options, seed: 5);
        using var b = LowDoseSimulator.Simulate(water, Spacing, Options, seed: 5);
        using var c = LowDoseSimulator.Simulate(water, Spacing, Options, seed: 6);
        Assert.True(a.LowDose.eq(b.LowDose).all().item<bool>());
        Assert.False(a.LowDose.eq(c.LowDose).all().item<bool>());
    }

    [Fact]
    public void Bad_settings_name_the_problem()
    {
        using var water = WaterDisc();
        var error = Assert.Throws<ArgumentException>(() => LowDoseSimulator.Simulate(water, Spacing, Options with { Dose = 0 }, seed: 1));
        Assert.Contains("dose fraction", error.Message);
        error = Assert.Throws<ArgumentException>(() => LowDoseSimulator.Simulate(water.view(Realisations, Size, Size), Spacing, Options, seed: 1));
        Assert.Contains("[N, 1, H, W]", error.Message);
    }
}
