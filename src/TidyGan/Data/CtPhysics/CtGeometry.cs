namespace TidyGan.Data.CtPhysics;

/// <summary>
/// A 2-D CT scan geometry: <see cref="Views"/> source/detector angles, <see cref="Detectors"/> detector elements
/// per view, detector index k centred at k − (Detectors − 1)/2. Angles are counter-clockwise from +y: at view
/// angle 0 the rays travel towards −y, so a parallel-beam view 0 integrates image columns (the convention of
/// ctsim's phm2pj, which the tests compare against).
/// </summary>
public abstract record CtGeometry(int Views, int Detectors)
{
    /// <summary>Angle of view <paramref name="view"/> in radians.</summary>
    public abstract double ViewAngle(int view);

    /// <summary>Angle covered by the views (π or 2π).</summary>
    public abstract double Arc { get; }

    public double ViewIncrement => Arc / Views;

    /// <summary>
    /// The line that ray (view, detector) follows, as a parallel-beam line: normal angle θ and signed distance t
    /// from the isocentre (x·cosθ + y·sinθ = t), travelling along (sinθ, −cosθ).
    /// </summary>
    public abstract (double Angle, double OffsetMm) Line(int view, int detector);

    /// <summary>Signed offset of detector k from the centre, in detector units (mm or radians).</summary>
    public double DetectorOffset(int k, double spacing) => (k - (Detectors - 1) / 2.0) * spacing;

    public virtual void Validate()
    {
        if (Views < 2) throw new ArgumentException($"a scan needs at least 2 views, got {Views}");
        if (Detectors < 2) throw new ArgumentException($"a scan needs at least 2 detectors, got {Detectors}");
    }
}

/// <summary>
/// Parallel beam: ray (view θ, detector offset t) is the line x·cosθ + y·sinθ = t, i.e. the Radon transform.
/// Views cover 180° (each line once) or 360° (each line twice).
/// </summary>
public sealed record ParallelBeamGeometry(int Views, int Detectors, double DetectorSpacingMm, bool FullCircle = false)
    : CtGeometry(Views, Detectors)
{
    public override double Arc => FullCircle ? 2 * Math.PI : Math.PI;

    public override double ViewAngle(int view) => view * ViewIncrement;

    public override (double Angle, double OffsetMm) Line(int view, int detector) =>
        (ViewAngle(view), DetectorOffset(detector, DetectorSpacingMm));

    /// <summary>Detectors at the pixel spacing, covering every ray that meets the image (odd count: one detector on the centre ray).</summary>
    public static ParallelBeamGeometry Covering(CtImageGrid grid, int views = 360, bool fullCircle = false)
    {
        grid.Validate();
        int half = (int)Math.Ceiling(grid.CircumradiusMm / grid.PixelSpacingMm);
        return new ParallelBeamGeometry(views, 2 * half + 1, grid.PixelSpacingMm, fullCircle);
    }

    public override void Validate()
    {
        base.Validate();
        if (!(DetectorSpacingMm > 0)) throw new ArgumentException($"detector spacing must be positive, got {DetectorSpacingMm} mm");
    }
}

/// <summary>
/// Equiangular fan beam over 360° (third-generation CT, curved detector centred on the source): the source sits
/// at distance <see cref="SourceToIsocentreMm"/> from the isocentre, at (−D·sinβ, D·cosβ) for view angle β; detector
/// k sees the ray at fan angle γ_k = (k − (n−1)/2)·<see cref="DetectorAngleRad"/> from the central ray, turned
/// counter-clockwise. <see cref="SourceToDetectorMm"/> only sets the physical detector pitch (D_sd·Δγ); the
/// line integrals do not depend on it.
/// </summary>
public sealed record FanBeamGeometry(int Views, int Detectors, double SourceToIsocentreMm, double SourceToDetectorMm,
    double DetectorAngleRad) : CtGeometry(Views, Detectors)
{
    public override double Arc => 2 * Math.PI;

    public override double ViewAngle(int view) => view * ViewIncrement;

    public double FanAngle(int k) => DetectorOffset(k, DetectorAngleRad);

    // The ray leaves the source in direction β + γ; its distance from the isocentre is D·sinγ.
    public override (double Angle, double OffsetMm) Line(int view, int detector)
    {
        double gamma = FanAngle(detector);
        return (ViewAngle(view) + gamma, SourceToIsocentreMm * Math.Sin(gamma));
    }

    /// <summary>Detector pitch at the detector (mm).</summary>
    public double DetectorPitchMm => SourceToDetectorMm * DetectorAngleRad;

    /// <summary>
    /// Distances of a Siemens SOMATOM Definition (595 mm source–isocentre, 1085.6 mm source–detector, the geometry
    /// of the AAPM Low-Dose CT Grand Challenge projection data); the fan angle sampled so the rays are one pixel
    /// apart at the isocentre, enough detectors to cover every ray that meets the image.
    /// </summary>
    public static FanBeamGeometry Covering(CtImageGrid grid, int views = 360, double sourceToIsocentreMm = 595,
        double sourceToDetectorMm = 1085.6)
    {
        grid.Validate();
        double radius = grid.CircumradiusMm;
        if (radius >= sourceToIsocentreMm)
            throw new ArgumentException($"the image (radius {radius:0.#} mm) does not fit inside the source circle ({sourceToIsocentreMm} mm)");
        double step = grid.PixelSpacingMm / sourceToIsocentreMm;
        int half = (int)Math.Ceiling(Math.Asin(radius / sourceToIsocentreMm) / step) + 1;
        return new FanBeamGeometry(views, 2 * half + 1, sourceToIsocentreMm, sourceToDetectorMm, step);
    }

    public override void Validate()
    {
        base.Validate();
        if (!(SourceToIsocentreMm > 0)) throw new ArgumentException($"source-to-isocentre distance must be positive, got {SourceToIsocentreMm} mm");
        if (!(SourceToDetectorMm > SourceToIsocentreMm))
            throw new ArgumentException($"source-to-detector distance ({SourceToDetectorMm} mm) must exceed source-to-isocentre ({SourceToIsocentreMm} mm)");
        if (!(DetectorAngleRad > 0) || (Detectors - 1) * DetectorAngleRad >= Math.PI)
            throw new ArgumentException($"detector angular spacing {DetectorAngleRad} rad gives a fan of π or more");
    }
}
