namespace TidyGan.Data;

/// <summary>
/// Cycle-GAN's two unpaired domains as axial slices on one grid: each volume is oriented from its own affine
/// (NIfTI) or plist (InVesalius), head-masked (largest component: the CT head-rest arc and table, which do not
/// touch the head, become air), centred on its head and resampled to the same square field of view and
/// pixel size (FieldOfViewMm / size). CT goes through the invertible HU window, MR through percentile scaling.
/// maxDepthMm keeps only slices that far below each head's vertex, so both domains show the same anatomy.
/// </summary>
public static class UnpairedSlices
{
    public static (ImageSet A, ImageSet B) Load(string a, string b, int size, double fieldOfViewMm, double? maxDepthMm = null,
        CohortSplitRule? splitA = null, CohortSplitRule? splitB = null)
    {
        var options = new DatasetOptions(Size: size, FieldOfViewMm: fieldOfViewMm, MaxDepthMm: maxDepthMm, Split: splitA);
        var first = Datasets.Load(a, options);
        try
        {
            return (first, Datasets.Load(b, options with { Split = splitB }));
        }
        catch
        {
            first.Dispose();
            throw;
        }
    }
}
