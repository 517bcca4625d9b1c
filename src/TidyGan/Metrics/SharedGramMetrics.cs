using static TorchSharp.torch;

namespace TidyGan.Metrics;

/// <summary>
/// KID and PRDC from one pass over the Gram matrices RRᵀ, FFᵀ and RFᵀ. Both metrics need exactly these
/// inner products — PRDC as squared distances ‖a‖² + ‖b‖² − 2aᵀb, KID as the cubic kernel (aᵀb/d + 1)³ —
/// so computing them once halves the float64 matrix products (the bulk of the time at 10k × 512).
/// KID's subset sums become 1_Sᵀ K 1_S over the full kernel block, with subsets as 0/1 membership columns
/// (one skinny product per block); the subsets are the ones <see cref="KernelInceptionDistance.Compute(Tensor, Tensor, int, int, int)"/>
/// draws for the same seed, so both give the same KID (to rounding) and PRDC is the same as
/// <see cref="PrecisionRecallDensityCoverage.Compute(Tensor, Tensor, int)"/>.
/// Worth it when the full blocks are not larger than the subsets' (n² ≤ subsets · m², e.g. n = 10k,
/// 100 subsets of 1000); callers can check <see cref="Pays"/>.
/// </summary>
public static class SharedGramMetrics
{
    private const int Chunk = 256;    // rows per block: a few [256, n] float64 tensors stay under the 32 MiB mmap threshold at n = 10k

    /// <summary>True when one pass over the full Gram blocks costs no more than KID's own subset products.</summary>
    public static bool Pays(long nReal, long nFake, int subsets, int subsetSize)
    {
        long m = Math.Min(subsetSize, Math.Min(nReal, nFake));
        return nReal * nReal + nFake * nFake + nReal * nFake <= 3L * subsets * m * m;
    }

    public static (KidScore Kid, PrdcScore Prdc) Compute(Tensor real, Tensor fake, int k = 5, int subsets = 100, int subsetSize = 1000, int seed = 0)
    {
        if (k < 1) throw new ArgumentException($"PRDC: k must be ≥ 1, got {k}.", nameof(k));
        if (subsets < 1) throw new ArgumentException($"KID: subsets must be ≥ 1, got {subsets}.", nameof(subsets));
        if (subsetSize < 2) throw new ArgumentException($"KID: subsetSize must be ≥ 2, got {subsetSize}.", nameof(subsetSize));
        using var scope = NewDisposeScope();
        var (r, f) = FeatureMatrix.Validate(real, fake, k + 1, "KID/PRDC", $"the k-th nearest other sample needs n ≥ k + 1 = {k + 1}");
        int nR = (int)r.shape[0], nF = (int)f.shape[0];
        double d = r.shape[1];
        int m = Math.Min(subsetSize, Math.Min(nR, nF));
        var (memberR, memberF) = Memberships(nR, nF, m, subsets, seed);    // [n, subsets] float64 0/1
        var rr = r.square().sum([1]);
        var ff = f.square().sum([1]);

        // Real–real and fake–fake: k-NN radii and the within-set kernel sums (diagonal excluded: the unbiased MMD²).
        var (realRadius2, kxx) = WithinSet(r, rr, memberR, k, d);
        var (fakeRadius2, kyy) = WithinSet(f, ff, memberF, k, d);

        // Real–fake: the PRDC counts and the cross kernel sums.
        var ballsPerFake = zeros(nF, ScalarType.Int64);
        var kxy = zeros(subsets, ScalarType.Float64);
        long recalled = 0, covered = 0;
        for (int start = 0; start < nR; start += Chunk)
        {
            using var step = NewDisposeScope();
            int rows = Math.Min(Chunk, nR - start);
            var gram = r.narrow(0, start, rows).matmul(f.t());                                   // [rows, nF]
            var d2 = (rr.narrow(0, start, rows).unsqueeze(1) + ff.unsqueeze(0)).sub_(gram * 2).clamp_min_(0);
            var radius2 = realRadius2.narrow(0, start, rows).unsqueeze(1);
            var inReal = d2 < radius2;
            ballsPerFake.add_(inReal.sum([0]));
            covered += inReal.any(1).sum().item<long>();                                         // min_j d < r_i ⇔ ∃j: d < r_i
            recalled += (d2 < fakeRadius2.unsqueeze(0)).any(1).sum().item<long>();
            kxy.add_(SubsetSums(gram, d, memberF, memberR.narrow(0, start, rows)));
        }

        double precision = (ballsPerFake > 0).to(ScalarType.Float64).mean().item<double>();
        double density = ballsPerFake.sum().item<long>() / ((double)k * nF);
        var prdc = new PrdcScore(precision, recalled / (double)nR, density, covered / (double)nR, k, nR, nF);

        var mmd2 = ((kxx + kyy) / (m * (m - 1.0)) - 2 * kxy / ((double)m * m)).data<double>().ToArray();
        double mean = mmd2.Average();
        double ss = mmd2.Sum(v => (v - mean) * (v - mean));
        double sample = mmd2.Length > 1 ? Math.Sqrt(ss / (mmd2.Length - 1)) : double.NaN;
        return (new KidScore(mean, sample / Math.Sqrt(mmd2.Length), Math.Sqrt(ss / mmd2.Length), mmd2.Length, m), prdc);
    }

    /// <summary>k-th-neighbour squared radius of every row and Σ_{i≠j∈S} k(xᵢ, xⱼ) for every subset S.</summary>
    private static (Tensor Radius2, Tensor KernelSums) WithinSet(Tensor x, Tensor norms, Tensor member, int k, double d)
    {
        using var scope = NewDisposeScope();
        int n = (int)x.shape[0];
        var radii = new List<Tensor>();
        var sums = zeros(member.shape[1], ScalarType.Float64);
        for (int start = 0; start < n; start += Chunk)
        {
            using var step = NewDisposeScope();
            int rows = Math.Min(Chunk, n - start);
            var gram = x.narrow(0, start, rows).matmul(x.t());                                   // [rows, n]
            var d2 = (norms.narrow(0, start, rows).unsqueeze(1) + norms.unsqueeze(0)).sub_(gram * 2).clamp_min_(0);
            // The row itself is the nearest (distance 0), as in PrecisionRecallDensityCoverage.KthNeighbourSquared.
            d2.index_put_(zeros(1, ScalarType.Float64), arange(rows), arange(start, start + rows));
            radii.Add(d2.topk(k + 1, dim: 1, largest: false, sorted: true).values.select(1, k).MoveToOuterDisposeScope());
            var memberRows = member.narrow(0, start, rows);
            sums.add_(SubsetSums(gram, d, member, memberRows));
            // Remove the diagonal k(xᵢ, xᵢ) of the rows in this block from each subset they belong to.
            var diagonal = gram.gather(1, arange(start, start + rows).unsqueeze(1)).squeeze(1);
            sums.sub_(memberRows.t().matmul(Kernel(diagonal, d)));
        }
        return (cat(radii, 0).MoveToOuterDisposeScope(), sums.MoveToOuterDisposeScope());
    }

    /// <summary>For each subset s: Σ over block rows i in s and columns j in s of k = (gram/d + 1)³.</summary>
    private static Tensor SubsetSums(Tensor gram, double d, Tensor columnMember, Tensor rowMember) =>
        Kernel(gram, d).matmul(columnMember).mul_(rowMember).sum([0]);

    private static Tensor Kernel(Tensor gram, double d) => (gram / d).add_(1).pow_(3);

    /// <summary>0/1 membership [n, subsets] of the subsets KernelInceptionDistance.Compute draws for this seed.</summary>
    private static (Tensor Real, Tensor Fake) Memberships(int nR, int nF, int m, int subsets, int seed)
    {
        var rng = new Random(seed);
        var real = new double[nR * subsets];
        var fake = new double[nF * subsets];
        for (int s = 0; s < subsets; s++)
        {
            foreach (int i in KernelInceptionDistance.Sample(rng, nR, m)) real[i * subsets + s] = 1;
            foreach (int i in KernelInceptionDistance.Sample(rng, nF, m)) fake[i * subsets + s] = 1;
        }
        return (tensor(real, [nR, subsets], ScalarType.Float64), tensor(fake, [nF, subsets], ScalarType.Float64));
    }
}
