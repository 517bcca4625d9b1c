namespace TidyGan.Data;

/// <summary>What the voxel values mean physically; picks the default intensity mapping.</summary>
public enum IntensityKind
{
    Unknown,
    /// <summary>CT attenuation in Hounsfield units (air −1000, water 0).</summary>
    Hounsfield,
    /// <summary>MR signal in arbitrary scanner units: normalise by percentiles.</summary>
    MagneticResonance,
    /// <summary>Integer label map (atlas, segmentation): never interpolate linearly.</summary>
    Label,
    /// <summary>8-bit (or 16-bit) photographic/greyscale image intensities.</summary>
    Pixel,
}
