namespace TidyGan.Data;

/// <summary>
/// Cycle-GAN's two unpaired domains as axial slices on one grid: each volume is oriented from its own affine
/// (NIfTI) or plist (InVesalius), head-masked (largest component: the CT head-rest arc and table, which do not
/// touch the head, become air), centred on its head and resampled to the same square field of view and
/// pixel size (FieldOfViewMm / size). CT goes through the invertible HU window, MR through <see cref="DatasetOptions.MrIntensity"/> (default: whole-volume percentiles).
/// maxDepthMm keeps only slices that far below each head's vertex, so both domains show the same anatomy.
/// </summary>
public static class UnpairedSlices
{
    public static (ImageSet A, ImageSet B) Load(string a, string b, int size, double fieldOfViewMm, double? maxDepthMm = null) =>
        Load(a, b, Options(size, fieldOfViewMm, maxDepthMm));

    /// <summary>The options both domains are sliced with (MR domains by <paramref name="mrIntensity"/>).</summary>
    public static DatasetOptions Options(int size, double fieldOfViewMm, double? maxDepthMm, MrIntensity mrIntensity = MrIntensity.PercentileVolume) =>
        new(Size: size, FieldOfViewMm: fieldOfViewMm, MaxDepthMm: maxDepthMm, MrIntensity: mrIntensity);

    /// <summary>Both domains with <paramref name="options"/>; loader warnings (slice cache, DICOM) to <paramref name="warn"/>.</summary>
    /// <param name="splitA">For cohorts: how each domain's subjects are split (null: the default rule).</param>
    public static (ImageSet A, ImageSet B) Load(string a, string b, DatasetOptions options, Action<string>? warn = null,
        CohortSplitRule? splitA = null, CohortSplitRule? splitB = null)
    {
        var first = Datasets.Load(a, options with { Split = splitA }, warn);
        try
        {
            return (first, Datasets.Load(b, options with { Split = splitB }, warn));
        }
        catch
        {
            first.Dispose();
            throw;
        }
    }
}
