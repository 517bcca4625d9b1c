using TidyGan.Data;
using TidyGan.Metrics.ImageMetrics;
using static TorchSharp.torch;

namespace TidyGan.Segmentation;

/// <summary>Dice and HD95 of one class on a test set.</summary>
/// <param name="Dice">Pooled over all test pixels (one Dice for the whole set).</param>
/// <param name="Hd95Mm">medpy-style 2-D HD95 per slice (mm, network pixel size), averaged over slices where both masks are non-empty.</param>
/// <param name="MissedSlices">Slices where exactly one of reference and prediction is empty (no HD95 defined there).</param>
public sealed record ClassScore(int Label, string Name, double Dice, double Hd95Mm, int MissedSlices);

public static class SegmentationScores
{
    /// <summary>Scores of every non-background class: predictions and references are int64 [N, S, S];
    /// <paramref name="classNames"/> names the classes (default: <see cref="HeadLabels.Names"/>).</summary>
    public static IReadOnlyList<ClassScore> Of(Tensor predicted, Tensor reference, double pixelMm, IReadOnlyList<string>? classNames = null)
    {
        classNames ??= HeadLabels.Names;
        var pred = predicted.to_type(ScalarType.Int32).contiguous().data<int>().ToArray();
        var refer = reference.to_type(ScalarType.Int32).contiguous().data<int>().ToArray();
        int n = (int)reference.shape[0], h = (int)reference.shape[1], w = (int)reference.shape[2], plane = h * w;
        var result = new List<ClassScore>();
        for (int label = 1; label < classNames.Count; label++)
        {
            double dice = OverlapMetrics.Dice(refer, pred, label);
            var distances = new List<double>();
            int missed = 0;
            for (int i = 0; i < n; i++)
            {
                var a = new bool[plane];
                var b = new bool[plane];
                for (int p = 0; p < plane; p++) { a[p] = refer[i * plane + p] == label; b[p] = pred[i * plane + p] == label; }
                bool anyA = a.Contains(true), anyB = b.Contains(true);
                if (anyA != anyB) missed++;
                if (!anyA || !anyB) continue;
                distances.Add(HausdorffDistance.Percentile95(a, b, [h, w], [pixelMm, pixelMm]));
            }
            result.Add(new ClassScore(label, classNames[label], dice, distances.Count > 0 ? distances.Average() : double.NaN, missed));
        }
        return result;
    }
}
