using static TorchSharp.torch;

namespace TidyGan.Data.CtPhysics;

/// <summary>
/// Hounsfield units ↔ linear attenuation: μ = μ_water·(1 + HU/1000), HU = 1000·(μ/μ_water − 1).
/// </summary>
public static class HounsfieldAttenuation
{
    /// <summary>
    /// μ of water at an effective energy of 70 keV, 1/mm: NIST XCOM / Hubbell &amp; Seltzer mass attenuation
    /// (with coherent scattering) 0.2059 cm²/g at 60 keV and 0.1837 cm²/g at 80 keV, log–log interpolated to
    /// 70 keV → 0.1937 cm²/g, times ρ = 1 g/cm³ → 0.01937 /mm. 70 keV is a typical effective energy of a
    /// 120 kVp head scan.
    /// </summary>
    public const double WaterMuPerMm70KeV = 0.01937;

    /// <summary>μ (1/mm) from HU, clamped at 0 (air below −1000 HU cannot attenuate negatively).</summary>
    public static Tensor ToAttenuation(Tensor hu, double waterMuPerMm = WaterMuPerMm70KeV) =>
        (hu / 1000.0 + 1.0).clamp_min(0) * waterMuPerMm;

    public static Tensor ToHounsfield(Tensor mu, double waterMuPerMm = WaterMuPerMm70KeV) =>
        (mu / waterMuPerMm - 1.0) * 1000.0;
}
