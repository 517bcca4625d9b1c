using TidyGan.Data;
using TorchSharp;

namespace TidyGan.Reports;

/// <summary>
/// A quick look at a translated volume: a row of input slices above the same slices of the output, at the
/// volume's own resolution, in display orientation. CT is shown in a −1000…1000 HU window (air black, bone
/// white), anything else in its 0.5–99.5 percentile window.
/// </summary>
public static class TranslationMontage
{
    public static void Save(Volume input, Volume output, IReadOnlyList<int> headSlices, string path, int columns = 6)
    {
        if (headSlices.Count == 0) throw new ArgumentException("no slices to show", nameof(headSlices));
        int n = Math.Min(columns, headSlices.Count);
        var picks = Enumerable.Range(0, n).Select(i => headSlices[(int)((i + 0.5) * headSlices.Count / n)]).ToArray();
        var rows = new List<float>();
        int h = 0, w = 0;
        foreach (var volume in new[] { input, output })
        {
            var window = Window(volume);
            foreach (var k in picks)
                rows.AddRange(VolumeSlicer.Slice(volume, SliceAxis.Axial, k, out h, out w).Select(window.ToNormalized));
        }
        using var images = torch.tensor(rows.ToArray(), [2 * n, 1, h, w]);
        ImageGrid.Save(images, path, n);
    }

    private static IIntensityMapping Window(Volume volume) =>
        volume.Kind == IntensityKind.Hounsfield || Datasets.LooksLikeCt(volume)
            ? new HounsfieldWindow(-1000, 1000)
            : PercentileScaling.Fit(volume.Voxels);
}
