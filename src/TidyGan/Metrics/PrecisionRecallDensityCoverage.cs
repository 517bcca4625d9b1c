using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Metrics;

/// <summary>Precision and recall (Kynkäänniemi 2019), density and coverage (Naeem 2020), with the k and sample counts used.</summary>
public sealed record PrdcScore(double Precision, double Recall, double Density, double Coverage, int K, int NReal, int NFake);

/// <summary>
/// k-nearest-neighbour manifold metrics, exactly as clovaai/generative-evaluation-prdc computes them.
/// rᵢ = distance from realᵢ to its k-th nearest other real sample (likewise for fakes);
/// precision = (1/M) Σⱼ 1[∃i: ‖fakeⱼ − realᵢ‖ &lt; rᵢ];
/// recall    = (1/N) Σᵢ 1[∃j: ‖realᵢ − fakeⱼ‖ &lt; r'ⱼ] (balls around fakes);
/// density   = (1/(kM)) Σⱼ Σᵢ 1[‖fakeⱼ − realᵢ‖ &lt; rᵢ];
/// coverage  = (1/N) Σᵢ 1[minⱼ ‖realᵢ − fakeⱼ‖ &lt; rᵢ].
/// Distances are float64, in row chunks so 10k × 10k never sits in memory at once. Kynkäänniemi use k = 3,
/// Naeem k = 5.
/// </summary>
public static class PrecisionRecallDensityCoverage
{
    private const int Chunk = 256;    // rows per distance block: 256 × 10k float64 = 20 MB, under the 32 MiB mmap threshold (DESIGN.md, malloc churn)

    /// <summary>PRDC between the rows of two in-memory feature arrays [n, d] (n ≥ k + 1 each).</summary>
    /// <param name="real">Features of real images, one row per image.</param>
    /// <param name="fake">Features of generated images, one row per image.</param>
    /// <param name="k">Neighbour rank of the radii (Naeem 2020: 5; Kynkäänniemi 2019: 3).</param>
    public static PrdcScore Compute(double[,] real, double[,] fake, int k = 5)
    {
        using var scope = torch.NewDisposeScope();
        return Compute(FeatureMatrix.ToTensor(real), FeatureMatrix.ToTensor(fake), k);
    }

    /// <summary>PRDC between the rows of two feature tensors [n, d] (computed in float64).</summary>
    public static PrdcScore Compute(Tensor real, Tensor fake, int k = 5)
    {
        if (k < 1) throw new ArgumentException($"PRDC: k must be ≥ 1, got {k}.", nameof(k));
        using var scope = torch.NewDisposeScope();
        var (r, f) = FeatureMatrix.Validate(real, fake, k + 1, "PRDC", $"the k-th nearest other sample needs n ≥ k + 1 = {k + 1}");
        long n = r.shape[0], mFake = f.shape[0];

        // Compare squared distances: same order as distances, one sqrt fewer.
        var realRadius2 = KthNeighbourSquared(r, k);
        var fakeRadius2 = KthNeighbourSquared(f, k);
        var rr = RowNorms(r);
        var ff = RowNorms(f);

        var ballsPerFake = torch.zeros(mFake, ScalarType.Int64);
        long recalled = 0, covered = 0;
        for (long start = 0; start < n; start += Chunk)
        {
            using var step = torch.NewDisposeScope();
            long end = Math.Min(n, start + Chunk);
            var d2 = SquaredDistances(r.narrow(0, start, end - start), rr.narrow(0, start, end - start), f, ff);          // [chunk, M]
            var radius2 = realRadius2.narrow(0, start, end - start).unsqueeze(1);
            ballsPerFake.add_((d2 < radius2).sum([0]));
            recalled += (d2 < fakeRadius2.unsqueeze(0)).any(1).sum().item<long>();
            covered += (d2.amin([1]) < realRadius2.narrow(0, start, end - start)).sum().item<long>();
        }

        double precision = (ballsPerFake > 0).to(ScalarType.Float64).mean().item<double>();
        double density = ballsPerFake.sum().item<long>() / ((double)k * mFake);
        return new PrdcScore(precision, recalled / (double)n, density, covered / (double)n, k, (int)n, (int)mFake);
    }

    /// <summary>Squared distance from each row to its k-th nearest other row: the (k+1)-th smallest, the row itself being the first.</summary>
    public static Tensor KthNeighbourSquared(Tensor x, int k)
    {
        if (x.dim() != 2 || k < 1 || x.shape[0] < k + 1)
            throw new ArgumentException($"PRDC: the k-th nearest other sample needs a [n, d] matrix with n ≥ k + 1; got shape [{string.Join(", ", x.shape)}], k = {k}.");
        using var scope = torch.NewDisposeScope();
        long n = x.shape[0];
        var norms = RowNorms(x);
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += Chunk)
        {
            long end = Math.Min(n, start + Chunk);
            var d2 = SquaredDistances(x.narrow(0, start, end - start), norms.narrow(0, start, end - start), x, norms);
            // The self-distance may round to a tiny non-zero value; it is still the smallest, unless exact duplicates exist (then one is 0 too).
            d2.index_put_(torch.zeros(1, ScalarType.Float64), torch.arange(end - start), torch.arange(start, end));
            parts.Add(d2.topk(k + 1, dim: 1, largest: false, sorted: true).values.select(1, k));
        }
        return torch.cat(parts, 0).MoveToOuterDisposeScope();
    }

    private static Tensor RowNorms(Tensor x) => x.square().sum([1]);

    /// <summary>‖a − b‖² = ‖a‖² + ‖b‖² − 2aᵀb, clamped ≥ 0 (one fused addmm, in place; float64 keeps the cancellation harmless).</summary>
    private static Tensor SquaredDistances(Tensor a, Tensor aa, Tensor b, Tensor bb) =>
        torch.addmm(aa.unsqueeze(1) + bb.unsqueeze(0), a, b.t(), beta: 1, alpha: -2).clamp_min_(0);
}
