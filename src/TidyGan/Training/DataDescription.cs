namespace TidyGan.Training;

/// <summary>
/// What a checkpoint records of its training data, so samples can be written back in physical units
/// (HU for CT) and as NIfTI with the data's pixel spacing, without the data at hand.
/// </summary>
/// <param name="Name">Dataset name as given to --data (fashion-mnist, ct-head, folder:PATH, ...).</param>
/// <param name="IntensityUnit">Unit of <paramref name="IntensityLow"/>/<paramref name="IntensityHigh"/> ("HU", "a.u.", "gray level").</param>
/// <param name="IntensityLow">Physical value that maps to -1.</param>
/// <param name="IntensityHigh">Physical value that maps to +1.</param>
/// <param name="PixelSpacing">In-plane spacing (mm) of the training slices, when they came from a volume.</param>
/// <param name="SliceSpacing">Distance between the training slices (mm), when they came from a volume.</param>
/// <param name="Limit">--limit used at training time (to reload the same images on resume).</param>
public sealed record DataDescription(
    string Name, int Size, int Channels, IReadOnlyList<string> ClassNames,
    string IntensityUnit, double IntensityLow, double IntensityHigh,
    double? PixelSpacing = null, double? SliceSpacing = null, int Count = 0, int? Limit = null)
{
    /// <summary>Normalised [-1, 1] value → physical units (the exact inverse of the training normalisation).</summary>
    public double ToPhysical(double normalized) => IntensityLow + (normalized + 1) / 2 * (IntensityHigh - IntensityLow);
}
