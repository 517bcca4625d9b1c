using TidyGan.Gans;
using static TorchSharp.torch;

namespace TidyGan.Metrics;

/// <summary>
/// The simplest anomaly baseline: a per-pixel z-score against healthy slices of the same axial level, without
/// registration. Level matching rule: a query slice at normalised position p ∈ [0, 1] along its own head run
/// (first head slice 0, last 1) is compared with the healthy slices whose normalised position is within
/// ±<see cref="HalfWindow"/> slices of round(p·(N − 1)) in the healthy run of N slices; per pixel, z = (x − mean) / sd over
/// those slices (sd floored at <see cref="MinSd"/> so constant background cannot divide by 0). Score = mean |z| over the
/// head (pixels where the query or the healthy mean is above the background); map = |z|.
/// </summary>
public sealed class AxialZScore : IDisposable
{
    /// <summary>Normalised intensity below which a pixel counts as background (masked slices are −1 there).</summary>
    public const double BackgroundLevel = -0.98;

    /// <summary>sd floor in normalised units: 0.005 is ≈ 10 HU in the full CT window (−1024…3071), ≈ 0.25% of an MR range.</summary>
    public const double DefaultMinSd = 0.005;

    private readonly Tensor healthy;

    /// <param name="healthy">Healthy slices [N, C, S, S] in axial order (inferior → superior), normalised to [−1, 1].</param>
    /// <param name="halfWindow">k: the ±k neighbouring slices that form each level's reference (2k + 1 slices).</param>
    public AxialZScore(Tensor healthy, int halfWindow = 3, double minSd = DefaultMinSd)
    {
        if (healthy.dim() != 4 || healthy.shape[0] < 2) throw new ArgumentException($"need healthy slices [N ≥ 2, C, S, S] (got [{string.Join(", ", healthy.shape)}])");
        if (halfWindow < 1) throw new ArgumentException($"the half window must be at least 1 slice (got {halfWindow})");
        if (!(minSd > 0)) throw new ArgumentException($"the sd floor must be positive (got {minSd})");
        this.healthy = healthy.detach().cpu().clone();
        HalfWindow = halfWindow;
        MinSd = minSd;
    }

    public int HalfWindow { get; }
    public double MinSd { get; }
    public int Count => (int)healthy.shape[0];

    /// <summary>The healthy slice index matched to normalised position <paramref name="position"/> ∈ [0, 1].</summary>
    public int MatchedIndex(double position) => (int)Math.Round(Math.Clamp(position, 0, 1) * (Count - 1));

    /// <summary>Scores slices <paramref name="x"/> [M, C, S, S] at normalised axial positions <paramref name="positions"/> (one per slice).
    /// Score and ImageResidual are the mean |z| over the head; FeatureResidual is 0 (no features); Reconstruction is the level's mean.</summary>
    public AnomalyResult Score(Tensor x, IReadOnlyList<double> positions)
    {
        if (x.shape[0] != positions.Count) throw new ArgumentException($"{x.shape[0]} slices but {positions.Count} positions");
        if (x.shape[1] != healthy.shape[1] || x.shape[2] != healthy.shape[2] || x.shape[3] != healthy.shape[3])
            throw new ArgumentException($"slices [{string.Join(", ", x.shape.Skip(1))}] do not match the healthy slices [{string.Join(", ", healthy.shape.Skip(1))}]");
        using var outer = NewDisposeScope();
        var input = x.detach().cpu();
        var means = new List<Tensor>();
        var sds = new List<Tensor>();
        foreach (var p in positions)
        {
            int centre = MatchedIndex(p), first = Math.Max(0, centre - HalfWindow), last = Math.Min(Count - 1, centre + HalfWindow);
            var level = healthy.narrow(0, first, last - first + 1);
            means.Add(level.mean([0]));
            sds.Add(level.std(0, unbiased: false).clamp_min(MinSd));
        }
        var mean = stack(means, 0);
        var z = ((input - mean) / stack(sds, 0)).abs();
        var head = input.gt(BackgroundLevel).logical_or(mean.gt(BackgroundLevel)).to_type(float32);
        var score = (z * head).flatten(1).sum([1]) / head.flatten(1).sum([1]).clamp_min(1);
        var result = new AnomalyResult(score.MoveToOuterDisposeScope(), score.clone().MoveToOuterDisposeScope(),
            zeros_like(score).MoveToOuterDisposeScope(), mean.MoveToOuterDisposeScope(), (z * head).MoveToOuterDisposeScope());
        return result;
    }

    public void Dispose() => healthy.Dispose();
}
