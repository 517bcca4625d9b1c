namespace TidyGan.Data.CtPhysics;

public enum CtBeam { Fan, Parallel }

/// <summary>
/// Settings of <see cref="LowDoseSimulator"/>. Defaults describe a head scan on a clinical fan-beam geometry.
/// </summary>
/// <param name="Dose">Dose fraction d of the simulated scan, in (0, 1]: the incident flux is d·I₀.</param>
/// <param name="IncidentPhotons">
/// I₀, photons per detector element per view at full dose. 1e5 is a common full-dose setting in published
/// low-dose simulation studies (an order of magnitude, not a calibrated scanner value): behind a 180 mm head
/// (p ≈ 3.5) it leaves ~3000 counts, so the noise is Poisson-dominated and −ln(N/I₀) is well defined.
/// </param>
/// <param name="ElectronicNoiseSd">
/// σ_e, Gaussian electronic (readout) noise in photon-equivalent counts. 10 counts is a conservative level
/// (detectors of modern scanners are quoted at a few to ~10); it only matters where few photons arrive.
/// </param>
/// <param name="CountFloor">Counts are clamped to at least this before the log, so −ln(N/I₀) stays finite.</param>
/// <param name="Views">Views per rotation (360° fan, 180° parallel).</param>
/// <param name="Detectors">Detector elements; 0 picks enough to cover the image at one pixel per ray.</param>
/// <param name="WaterMuPerMm">μ_water at the effective energy (see <see cref="HounsfieldAttenuation"/>).</param>
/// <param name="NoisyFullDose">
/// false (default): the full-dose image is the noiseless projection of the input through the same projector and
/// FBP, because an input CT slice already carries its own full-dose noise; the pair then differs only by the
/// quantum and electronic noise of the reduced dose. true: the full-dose image gets its own noise at d = 1.
/// </param>
public sealed record LowDoseOptions(
    double Dose = 0.25,
    double IncidentPhotons = 1e5,
    double ElectronicNoiseSd = 10,
    double CountFloor = 0.5,
    CtBeam Beam = CtBeam.Fan,
    int Views = 360,
    int Detectors = 0,
    ReconstructionFilter Filter = ReconstructionFilter.SheppLogan,
    double WaterMuPerMm = HounsfieldAttenuation.WaterMuPerMm70KeV,
    bool NoisyFullDose = false,
    double SourceToIsocentreMm = 595,
    double SourceToDetectorMm = 1085.6)
{
    public static LowDoseOptions Default { get; } = new();

    /// <summary>Quarter dose, the setting of the AAPM Low-Dose CT Grand Challenge and of Wolterink 2017's simulations.</summary>
    public static LowDoseOptions QuarterDose { get; } = new(Dose: 0.25);

    /// <summary>Fewer views for quick runs on a CPU (noise level unchanged per view; streaks at the edge).</summary>
    public static LowDoseOptions Cpu { get; } = new(Views: 180);

    /// <summary>The scan geometry for an image grid.</summary>
    public CtGeometry GeometryFor(CtImageGrid grid)
    {
        CtGeometry geometry = Beam switch
        {
            CtBeam.Fan => FanBeamGeometry.Covering(grid, Views, SourceToIsocentreMm, SourceToDetectorMm),
            CtBeam.Parallel => ParallelBeamGeometry.Covering(grid, Views),
            _ => throw new InvalidOperationException($"unknown beam {Beam}"),
        };
        if (Detectors > 0)
            geometry = geometry switch
            {
                FanBeamGeometry fan => fan with
                {
                    Detectors = Detectors,
                    DetectorAngleRad = fan.DetectorAngleRad * (fan.Detectors - 1) / (Detectors - 1.0),
                },
                ParallelBeamGeometry parallel => parallel with
                {
                    Detectors = Detectors,
                    DetectorSpacingMm = parallel.DetectorSpacingMm * (parallel.Detectors - 1) / (Detectors - 1.0),
                },
                _ => geometry,
            };
        geometry.Validate();
        return geometry;
    }

    public void Validate()
    {
        if (!(Dose > 0 && Dose <= 1)) throw new ArgumentException($"dose fraction must be in (0, 1], got {Dose}");
        if (!(IncidentPhotons > 0)) throw new ArgumentException($"incident photons per ray must be positive, got {IncidentPhotons}");
        if (!(ElectronicNoiseSd >= 0)) throw new ArgumentException($"electronic noise must be ≥ 0 counts, got {ElectronicNoiseSd}");
        if (!(CountFloor > 0)) throw new ArgumentException($"count floor must be positive, got {CountFloor}");
        if (Views < 2) throw new ArgumentException($"need at least 2 views, got {Views}");
        if (Detectors is < 0 or 1) throw new ArgumentException($"detectors must be 0 (automatic) or at least 2, got {Detectors}");
        if (!(WaterMuPerMm > 0)) throw new ArgumentException($"μ_water must be positive, got {WaterMuPerMm} /mm");
    }
}
