using System.Text.Json.Serialization;

namespace TidyGan.Data;

/// <summary>
/// What a checkpoint records of its training data, so samples can be written back in physical units
/// (HU for CT) and as NIfTI in the training slices' geometry, without the data at hand.
/// </summary>
/// <param name="Name">Dataset name as given to --data (fashion-mnist, ct-head, folder:PATH, ...).</param>
/// <param name="IntensityUnit">Unit of the physical values ("HU", "pixel", ...).</param>
/// <param name="IntensityLow">Physical value that maps to -1.</param>
/// <param name="IntensityHigh">Physical value that maps to +1.</param>
/// <param name="Geometry">Spacing, orientation and origin of the training slices when they came from a volume.</param>
/// <param name="Limit">--limit used at training time (to reload the same images on resume).</param>
/// <param name="Subjects">For a cohort: the subjects of each split and the split trained on (absent otherwise).</param>
/// <param name="Preprocessing">How volume slices were made (orientation, grid, head mask, intensity rule); absent for
/// image sets and in runs made before it was recorded (those used <see cref="MrIntensity.PercentileVolume"/>).</param>
public sealed record DataDescription(
    string Name, int Size, int Channels, IReadOnlyList<string> ClassNames,
    string IntensityUnit, double IntensityLow, double IntensityHigh,
    SliceGeometry? Geometry = null, int Count = 0, int? Limit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CohortSplit? Subjects = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SlicePreprocessing? Preprocessing = null)
{
    /// <summary>The description of <paramref name="images"/>; with <paramref name="options"/> (the options they were loaded
    /// with) and slices cut from volumes (a geometry), their <see cref="SlicePreprocessing"/> too.</summary>
    public static DataDescription Of(ImageSet images, string name, int? limit = null, DatasetOptions? options = null) => new(
        name, images.Height, images.Channels, images.ClassNames, images.Intensity.Unit,
        images.Intensity.ToPhysical(-1f), images.Intensity.ToPhysical(1f), images.Geometry, images.Count, limit, images.Subjects,
        options is not null && images.Geometry is not null ? SlicePreprocessing.Of(options, images.Intensity) : null);

    /// <summary>The MR intensity rule these data were made with (<see cref="MrIntensity.PercentileVolume"/> when not recorded).</summary>
    [JsonIgnore]
    public MrIntensity MrIntensity => Preprocessing?.MrIntensity ?? MrIntensity.PercentileVolume;

    /// <summary>
    /// The normalised range that PNG grids map to black…white. CT uses a −1000…+1000 HU display window
    /// (air black, bone white, soft tissue mid-grey): the full −1024…3071 training window would show a
    /// head as a dark grey blur. NIfTI outputs always keep the full HU range.
    /// </summary>
    [JsonIgnore]
    public (float Low, float High) DisplayRange => IntensityUnit == "HU"
        ? (Intensity.ToNormalized(-1000f), Intensity.ToNormalized(1000f))
        : (-1f, 1f);

    /// <summary>Nearest-neighbour magnification of PNG grids, so 28-px images are big enough to judge.</summary>
    [JsonIgnore]
    public int DisplayScale => Size < 64 ? 2 : 1;

    /// <summary>The training normalisation, exactly: [-1, 1] ↔ [IntensityLow, IntensityHigh].</summary>
    [JsonIgnore]
    public IIntensityMapping Intensity => new RecordedWindow(IntensityLow, IntensityHigh, IntensityUnit);

    private sealed record RecordedWindow(double Lower, double Upper, string RecordedUnit) : LinearWindow(Lower, Upper)
    {
        public override string Unit => RecordedUnit;
    }
}
