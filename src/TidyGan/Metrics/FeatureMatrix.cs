using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Metrics;

/// <summary>
/// Conversion and validation of feature matrices [n, d] shared by every metric: a bad input must give a
/// clear error, never a wrong number.
/// </summary>
public static class FeatureMatrix
{
    /// <summary>A float64 CPU tensor [n, d] holding <paramref name="features"/> (copied).</summary>
    public static Tensor ToTensor(double[,] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        int n = features.GetLength(0), d = features.GetLength(1);
        var flat = new double[n * d];
        Buffer.BlockCopy(features, 0, flat, 0, flat.Length * sizeof(double));
        return torch.tensor(flat, [n, d], ScalarType.Float64);
    }

    /// <summary>
    /// Checks one real/fake pair and returns float64 views of both. Throws <see cref="ArgumentException"/>
    /// naming the metric, the problem and the counts: not 2-D, empty, widths differ, fewer than
    /// <paramref name="minRows"/> rows, NaN or infinite values.
    /// </summary>
    public static (Tensor Real, Tensor Fake) Validate(Tensor real, Tensor fake, int minRows, string metric, string why)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        Check(real, "real", minRows, metric, why);
        Check(fake, "fake", minRows, metric, why);
        if (real.shape[1] != fake.shape[1])
            throw new ArgumentException($"{metric}: feature widths differ: real has {real.shape[1]} features per sample, fake has {fake.shape[1]} " +
                                        $"(n real = {real.shape[0]}, n fake = {fake.shape[0]}); were they made by the same extractor?");
        return (real.to(ScalarType.Float64), fake.to(ScalarType.Float64));
    }

    private static void Check(Tensor x, string name, int minRows, string metric, string why)
    {
        if (x.dim() != 2)
            throw new ArgumentException($"{metric}: {name} features must be a 2-D matrix [n, d], got shape [{string.Join(", ", x.shape)}].");
        if (!x.is_floating_point())
            throw new ArgumentException($"{metric}: {name} features must be floating point, got {x.dtype}.");
        long n = x.shape[0], d = x.shape[1];
        if (n == 0 || d == 0) throw new ArgumentException($"{metric}: {name} features are empty (shape [{n}, {d}]).");
        if (n < minRows) throw new ArgumentException($"{metric}: {name} has {n} samples; at least {minRows} are needed ({why}).");
        using var scope = torch.NewDisposeScope();
        var finite = torch.isfinite(x).all(1);
        if (!finite.all().item<bool>())
        {
            var bad = torch.nonzero(finite.logical_not()).flatten();
            throw new ArgumentException($"{metric}: {name} features contain NaN or infinite values in {bad.shape[0]} of {n} rows " +
                                        $"(first: row {bad[0].item<long>()}).");
        }
    }
}
