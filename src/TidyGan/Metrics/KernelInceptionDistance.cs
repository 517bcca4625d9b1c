using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Metrics;

/// <summary>KID: the mean unbiased MMD² over subsets, its standard error and the subsets' standard deviation.</summary>
/// <param name="Mean">mean of the per-subset MMD² estimates (what papers report as KID).</param>
/// <param name="StandardError">sample standard deviation (n − 1) of the subset estimates / √Subsets.
/// Subsets overlap, so this understates the sampling error; use <see cref="Bootstrap"/> for an interval.</param>
/// <param name="StandardDeviation">population standard deviation of the subset estimates: torch-fidelity's "kid_std".</param>
public sealed record KidScore(double Mean, double StandardError, double StandardDeviation, int Subsets, int SubsetSize);

/// <summary>
/// Kernel Inception Distance (Bińkowski et al. 2018, "Demystifying MMD GANs"): unbiased MMD² with the
/// cubic polynomial kernel k(x, y) = (xᵀy / d + 1)³, averaged over random subsets of equal size m drawn
/// without replacement from each set, as in the original KID code and torch-fidelity.
/// </summary>
public static class KernelInceptionDistance
{
    private const int Batch = 4;   // subsets per bmm: 4 × 3 kernel matrices of 1000² float64 ≈ 96 MB
    /// <summary>KID between the rows of two in-memory feature arrays [n, d].</summary>
    /// <param name="real">Features of real images, one row per image.</param>
    /// <param name="fake">Features of generated images, one row per image.</param>
    /// <param name="subsets">Random subsets averaged (torch-fidelity: 100).</param>
    /// <param name="subsetSize">Rows per subset m; capped at the smaller row count (torch-fidelity: 1000).</param>
    /// <param name="seed">Seed of the subset draws.</param>
    public static KidScore Compute(double[,] real, double[,] fake, int subsets = 100, int subsetSize = 1000, int seed = 0)
    {
        using var scope = torch.NewDisposeScope();
        return Compute(FeatureMatrix.ToTensor(real), FeatureMatrix.ToTensor(fake), subsets, subsetSize, seed);
    }

    /// <summary>The subset size is min(subsetSize, n real, n fake).</summary>
    public static KidScore Compute(Tensor real, Tensor fake, int subsets = 100, int subsetSize = 1000, int seed = 0)
    {
        if (subsets < 1) throw new ArgumentException($"KID: subsets must be ≥ 1, got {subsets}.", nameof(subsets));
        if (subsetSize < 2) throw new ArgumentException($"KID: subsetSize must be ≥ 2, got {subsetSize}.", nameof(subsetSize));
        using var scope = torch.NewDisposeScope();
        var (r, f) = FeatureMatrix.Validate(real, fake, 2, "KID", "the unbiased MMD² excludes the diagonal, so each subset needs m ≥ 2");
        int m = (int)Math.Min(subsetSize, Math.Min(r.shape[0], f.shape[0]));
        var rng = new Random(seed);
        var realSubsets = new int[subsets][];
        var fakeSubsets = new int[subsets][];
        for (int s = 0; s < subsets; s++)
        {
            realSubsets[s] = Sample(rng, (int)r.shape[0], m);
            fakeSubsets[s] = Sample(rng, (int)f.shape[0], m);
        }
        return FromSubsets(r, f, realSubsets, fakeSubsets);
    }

    /// <summary>KID over given row subsets (equal sizes): the testable core, so a reference can use the same subsets.</summary>
    public static KidScore FromSubsets(Tensor real, Tensor fake, IReadOnlyList<int[]> realSubsets, IReadOnlyList<int[]> fakeSubsets)
    {
        if (realSubsets.Count != fakeSubsets.Count || realSubsets.Count == 0)
            throw new ArgumentException($"KID: need the same positive number of real and fake subsets, got {realSubsets.Count} and {fakeSubsets.Count}.");
        using var scope = torch.NewDisposeScope();
        var (r, f) = FeatureMatrix.Validate(real, fake, 2, "KID", "the unbiased MMD² excludes the diagonal, so each subset needs m ≥ 2");
        var values = new double[realSubsets.Count];
        int m = realSubsets[0].Length;
        for (int s = 0; s < values.Length; s++)
            if (realSubsets[s].Length != m || fakeSubsets[s].Length != m || m < 2)
                throw new ArgumentException($"KID: subset {s} has {realSubsets[s].Length} real and {fakeSubsets[s].Length} fake rows; " +
                                            $"need equal sizes ≥ 2 (subset 0 has {m}).");
        // A few subsets per batched product (bmm): fewer, larger native calls.
        for (int first = 0; first < values.Length; first += Batch)
        {
            using var step = torch.NewDisposeScope();
            int count = Math.Min(Batch, values.Length - first);
            var x = torch.stack(Enumerable.Range(first, count).Select(s => r.index_select(0, torch.tensor(realSubsets[s], ScalarType.Int64))));
            var y = torch.stack(Enumerable.Range(first, count).Select(s => f.index_select(0, torch.tensor(fakeSubsets[s], ScalarType.Int64))));
            var mmd2 = UnbiasedMmd2Batch(x, y).data<double>().ToArray();
            mmd2.CopyTo(values, first);
        }
        double mean = values.Average();
        double ss = values.Sum(v => (v - mean) * (v - mean));
        double sample = values.Length > 1 ? Math.Sqrt(ss / (values.Length - 1)) : double.NaN;
        return new KidScore(mean, sample / Math.Sqrt(values.Length), Math.Sqrt(ss / values.Length), values.Length, realSubsets[0].Length);
    }

    /// <summary>
    /// Unbiased MMD²_u (Gretton et al. 2012, eq. 3): [Σ_{i≠j} k(xᵢ,xⱼ) + Σ_{i≠j} k(yᵢ,yⱼ)] / (m(m−1)) − 2 Σ_{i,j} k(xᵢ,yⱼ) / m².
    /// </summary>
    public static double UnbiasedMmd2(Tensor x, Tensor y)
    {
        if (x.dim() != 2 || y.dim() != 2) throw new ArgumentException("KID: UnbiasedMmd2 takes two [m, d] matrices.");
        using var scope = torch.NewDisposeScope();
        return UnbiasedMmd2Batch(x.unsqueeze(0), y.unsqueeze(0)).item<double>();
    }

    /// <summary>MMD²_u of each of B subset pairs: x, y [B, m, d] → [B].</summary>
    private static Tensor UnbiasedMmd2Batch(Tensor x, Tensor y)
    {
        long m = x.shape[1];
        var kxx = Kernel(x, x);
        var kyy = Kernel(y, y);
        var kxy = Kernel(x, y);
        var within = kxx.sum([1, 2]) - kxx.diagonal(0, 1, 2).sum([1]) + kyy.sum([1, 2]) - kyy.diagonal(0, 1, 2).sum([1]);
        return within / (m * (m - 1.0)) - 2 * kxy.sum([1, 2]) / ((double)m * m);
    }

    /// <summary>k(x, y) = (xᵀy / d + 1)³ for batches [B, m, d]: the polynomial kernel with γ = 1/d, c = 1, degree 3.</summary>
    private static Tensor Kernel(Tensor x, Tensor y) =>
        torch.bmm(x / x.shape[2], y.transpose(1, 2)).add_(1).pow_(3);   // scale the small factor; in place after that

    /// <summary>m distinct indices from [0, n) (partial Fisher–Yates).</summary>
    internal static int[] Sample(Random rng, int n, int m)
    {
        var all = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < m; i++)
        {
            int j = rng.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all[..m];
    }
}
