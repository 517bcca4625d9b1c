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
        for (int s = 0; s < values.Length; s++)
        {
            using var step = torch.NewDisposeScope();
            int m = realSubsets[s].Length;
            if (fakeSubsets[s].Length != m || m < 2)
                throw new ArgumentException($"KID: subset {s} has {m} real and {fakeSubsets[s].Length} fake rows; need equal sizes ≥ 2.");
            var x = r.index_select(0, torch.tensor(realSubsets[s], ScalarType.Int64));
            var y = f.index_select(0, torch.tensor(fakeSubsets[s], ScalarType.Int64));
            values[s] = UnbiasedMmd2(x, y);
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
        using var scope = torch.NewDisposeScope();
        long m = x.shape[0];
        var kxx = Kernel(x, x);
        var kyy = Kernel(y, y);
        var kxy = Kernel(x, y);
        var within = kxx.sum() - kxx.trace() + kyy.sum() - kyy.trace();
        var mmd2 = within / (m * (m - 1.0)) - 2 * kxy.sum() / ((double)m * m);
        return mmd2.item<double>();
    }

    /// <summary>k(x, y) = (xᵀy / d + 1)³, the polynomial kernel with γ = 1/d, c = 1, degree 3.</summary>
    private static Tensor Kernel(Tensor x, Tensor y) =>
        torch.addmm(torch.ones(1, ScalarType.Float64), x / x.shape[1], y.t(), beta: 1, alpha: 1).pow_(3);   // scale the small factor (addmm's alpha is float32); cube in place

    /// <summary>m distinct indices from [0, n) (partial Fisher–Yates).</summary>
    private static int[] Sample(Random rng, int n, int m)
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
