using System.Text.Json.Serialization;

namespace TidyGan.Data;

/// <summary>
/// How to load a named dataset. Size: output height = width. Channels: null keeps the natural count (grey 1,
/// RGB 3); 1 or 3 converts. Train: training or test split where one exists. Limit: at most this many images
/// (the first ones for image sets; the central contiguous slices for volumes, so the geometry stays valid).
/// Seed: reserved for random subsets (loading is otherwise deterministic). MinHeadFraction: drop slices whose
/// head area is below this fraction of the largest slice's. Margin: extra border around the head box.
/// FieldOfViewMm: a fixed square field of view (mm) centred on the head instead of the head box plus margin, so
/// two datasets (Cycle-GAN's MR and CT) share one pixel spacing, FieldOfViewMm / Size. MaxDepthMm (axial only):
/// keep only slices at most this far (world mm) below the head's top (the vertex), so two heads scanned over
/// different ranges (an MR down to the neck, a CT from the skull base) show the same anatomy. MrIntensity: how an MR
/// volume's units map to [−1, 1] (<see cref="Data.MrIntensity"/>; CT always uses the HU window); left out of the JSON
/// form at its default, so slice-cache keys of runs made before it existed stay the same. Split (cohorts only): how
/// subjects are split (null: 0.8, 0.1, 0.1 with seed 0); not part of a slice's preprocessing, so not serialised (the
/// slice cache's key leaves it out).
/// </summary>
public sealed record DatasetOptions(
    int Size = 64,
    int? Channels = null,
    bool Train = true,
    int? Limit = null,
    int Seed = 0,
    SliceAxis Axis = SliceAxis.Axial,
    double MinHeadFraction = 0.15,
    double Margin = 0.05,
    bool MaskBackground = true,
    double? FieldOfViewMm = null,
    double? MaxDepthMm = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] MrIntensity MrIntensity = MrIntensity.PercentileVolume,
    [property: JsonIgnore] CohortSplitRule? Split = null)
{
    public static DatasetOptions Default { get; } = new();
}
