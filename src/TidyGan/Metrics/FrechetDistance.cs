using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Metrics;

/// <summary>
/// Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017, "FID"):
/// FD = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^½), in float64. Covariances divide by n − 1, as np.cov and
/// pytorch-fid do. Biased at small n (DESIGN.md): compare only at equal n.
/// </summary>
public static class FrechetDistance
{
    /// <summary>FD between the rows of two in-memory feature arrays [n, d] (n ≥ 2 each, equal d).</summary>
    /// <param name="real">Features of real images, one row per image.</param>
    /// <param name="fake">Features of generated images, one row per image.</param>
    /// <exception cref="ArgumentException">Fewer than 2 rows, different widths, or non-finite values.</exception>
    public static double Compute(double[,] real, double[,] fake)
    {
        using var scope = torch.NewDisposeScope();
        return Compute(FeatureMatrix.ToTensor(real), FeatureMatrix.ToTensor(fake));
    }

    /// <summary>FD between the rows of two feature tensors [n, d] (any float type; computed in float64).</summary>
    public static double Compute(Tensor real, Tensor fake)
    {
        using var scope = torch.NewDisposeScope();
        var (r, f) = FeatureMatrix.Validate(real, fake, 2, "Fréchet distance", "a covariance needs n ≥ 2");
        var (mu1, sigma1) = Statistics(r);
        var (mu2, sigma2) = Statistics(f);
        return FromStatistics(mu1, sigma1, mu2, sigma2);
    }

    /// <summary>Mean [d] and covariance [d, d] (divided by n − 1) of the rows of <paramref name="features"/>, float64.</summary>
    public static (Tensor Mean, Tensor Covariance) Statistics(Tensor features)
    {
        using var scope = torch.NewDisposeScope();
        var x = features.to(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.t().matmul(centred) / (x.shape[0] - 1);
        return (mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// FD from population statistics. Tr((Σ₁Σ₂)^½) is computed as Σᵢ √λᵢ, λᵢ the eigenvalues (clamped ≥ 0)
    /// of the symmetric PSD matrix M = Σ₁^½ Σ₂ Σ₁^½, with Σ₁^½ from eigh. Why this equals scipy's
    /// Tr(sqrtm(Σ₁Σ₂)): Σ₁Σ₂ = Σ₁^½·(Σ₁^½Σ₂) and M = (Σ₁^½Σ₂)·Σ₁^½; AB and BA have the same eigenvalues, so
    /// Σ₁Σ₂ has M's real, non-negative eigenvalues, and the trace of its principal square root (what sqrtm
    /// returns) is the sum of their square roots. Unlike sqrtm of the non-symmetric product, this never
    /// produces complex parts or needs pytorch-fid's "add εI and retry" fallback for singular Σ.
    /// </summary>
    public static double FromStatistics(Tensor mu1, Tensor sigma1, Tensor mu2, Tensor sigma2)
    {
        using var scope = torch.NewDisposeScope();
        mu1 = mu1.to(ScalarType.Float64); mu2 = mu2.to(ScalarType.Float64);
        sigma1 = sigma1.to(ScalarType.Float64); sigma2 = sigma2.to(ScalarType.Float64);
        long d = mu1.shape[0];
        if (mu1.dim() != 1 || mu2.dim() != 1 || mu2.shape[0] != d || !SquareOf(sigma1, d) || !SquareOf(sigma2, d))
            throw new ArgumentException($"Fréchet distance: statistics disagree in shape: μ₁ [{string.Join(", ", mu1.shape)}], Σ₁ [{string.Join(", ", sigma1.shape)}], " +
                                        $"μ₂ [{string.Join(", ", mu2.shape)}], Σ₂ [{string.Join(", ", sigma2.shape)}].");
        foreach (var t in new[] { mu1, sigma1, mu2, sigma2 })
            if (!torch.isfinite(t).all().item<bool>()) throw new ArgumentException("Fréchet distance: statistics contain NaN or infinite values.");

        var diff = mu1 - mu2;
        var sqrt1 = SymmetricSqrt(sigma1);
        var m = sqrt1.matmul(sigma2).matmul(sqrt1);
        m = (m + m.t()) / 2;                                               // symmetric up to rounding; eigh reads one triangle
        var traceSqrt = torch.linalg.eigvalsh(m).clamp_min(0).sqrt().sum();
        var fd = diff.dot(diff) + sigma1.trace() + sigma2.trace() - 2 * traceSqrt;
        return fd.item<double>();
    }

    public static double FromStatistics(double[] mu1, double[,] sigma1, double[] mu2, double[,] sigma2)
    {
        using var scope = torch.NewDisposeScope();
        return FromStatistics(torch.tensor(mu1, ScalarType.Float64), FeatureMatrix.ToTensor(sigma1),
                              torch.tensor(mu2, ScalarType.Float64), FeatureMatrix.ToTensor(sigma2));
    }

    /// <summary>Σ^½ = V diag(√max(w, 0)) Vᵀ from Σ = V diag(w) Vᵀ (eigh); tiny negative eigenvalues are rounding.</summary>
    private static Tensor SymmetricSqrt(Tensor sigma)
    {
        var (w, v) = torch.linalg.eigh((sigma + sigma.t()) / 2);
        return (v * w.clamp_min(0).sqrt()).matmul(v.t());
    }

    private static bool SquareOf(Tensor s, long d) => s.dim() == 2 && s.shape[0] == d && s.shape[1] == d;
}
