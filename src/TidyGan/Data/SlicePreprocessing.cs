namespace TidyGan.Data;

/// <summary>
/// The whole preprocessing of a domain's slices, recorded in a run's config.json (<see cref="DataDescription.Preprocessing"/>)
/// so translate and evaluate prepare a new volume identically. Orientation: voxels are read in RAS from the volume's
/// affine (NIfTI sform/qform, DICOM ImageOrientation/PositionPatient), sliced along <paramref name="Axis"/> in display
/// orientation. Size/FieldOfViewMm: the square field of view (null: the head box plus Margin on each side) resampled to
/// Size × Size pixels. MaxDepthMm: only slices this far below the vertex. HeadMask: voxels outside the head mask set to
/// the background; MinHeadFraction: slices whose head area is below this share of the largest are dropped. Intensity:
/// <c>hu-window</c> (CT, the recorded HU window), <c>identity</c> (pixels), or an MR rule (<see cref="MrIntensities.Names"/>).
/// Runs made before this record existed have none: read them as <see cref="MrIntensity.PercentileVolume"/>.
/// </summary>
public sealed record SlicePreprocessing(
    string Orientation, SliceAxis Axis, int Size, double? FieldOfViewMm, double? MaxDepthMm, double Margin,
    bool HeadMask, double MinHeadFraction, string Intensity)
{
    public const string Ras = "RAS from the affine";

    /// <summary>What <paramref name="options"/> did to volume slices mapped by <paramref name="intensity"/>.</summary>
    public static SlicePreprocessing Of(DatasetOptions options, IIntensityMapping intensity) => new(
        Ras, options.Axis, options.Size, options.FieldOfViewMm, options.MaxDepthMm, options.Margin, options.MaskBackground,
        options.MinHeadFraction, intensity switch
        {
            HounsfieldWindow => "hu-window",
            IdentityScaling => "identity",
            _ => options.MrIntensity.Name(),
        });

    /// <summary>The MR rule recorded (<see cref="MrIntensity.PercentileVolume"/> when the intensity is not an MR rule).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public MrIntensity MrIntensity => MrIntensities.TryParse(Intensity) ?? MrIntensity.PercentileVolume;
}
