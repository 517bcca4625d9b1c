using static TorchSharp.torch;

namespace TidyGan.Metrics.ImageMetrics;

/// <summary>
/// Dice overlap 2|A∩B| / (|A| + |B|) of segmentations: boolean masks or integer label maps (any shape,
/// flat row-major arrays of equal length, or tensors of equal shape).
/// </summary>
/// <remarks>
/// Empty vs empty is NaN, not 1: 0/0 has no structure to agree on, and averaging 1.0 for every label that
/// is absent from both images would inflate a mean Dice (MONAI's DiceMetric skips such cases by default,
/// <c>ignore_empty=True</c>). Use <c>double.IsNaN</c> to skip them. <see cref="DicePerLabel(int[], int[], bool)"/>
/// only lists labels present in at least one map, so it never returns NaN.
/// </remarks>
public static class OverlapMetrics
{
    public static double Dice(bool[] reference, bool[] test)
    {
        CheckLengths(reference, test);
        long both = 0, a = 0, b = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            if (reference[i]) a++;
            if (test[i]) b++;
            if (reference[i] && test[i]) both++;
        }
        return Ratio(both, a, b);
    }

    /// <summary>Dice of one label of two label maps.</summary>
    public static double Dice(int[] reference, int[] test, int label)
    {
        CheckLengths(reference, test);
        long both = 0, a = 0, b = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            bool inA = reference[i] == label, inB = test[i] == label;
            if (inA) a++;
            if (inB) b++;
            if (inA && inB) both++;
        }
        return Ratio(both, a, b);
    }

    /// <summary>Dice of every label present in either map, in label order; 0 (background) only if asked.</summary>
    public static IReadOnlyDictionary<int, double> DicePerLabel(int[] reference, int[] test, bool includeBackground = false)
    {
        CheckLengths(reference, test);
        var counts = new SortedDictionary<int, (long Both, long A, long B)>();
        for (int i = 0; i < reference.Length; i++)
        {
            int r = reference[i], t = test[i];
            if (r == t)
            {
                var c = counts.GetValueOrDefault(r);
                counts[r] = (c.Both + 1, c.A + 1, c.B + 1);
                continue;
            }
            var ca = counts.GetValueOrDefault(r);
            counts[r] = (ca.Both, ca.A + 1, ca.B);
            var cb = counts.GetValueOrDefault(t);
            counts[t] = (cb.Both, cb.A, cb.B + 1);
        }
        var result = new SortedDictionary<int, double>();
        foreach (var (label, c) in counts)
            if (includeBackground || label != 0) result[label] = Ratio(c.Both, c.A, c.B);
        return result;
    }

    /// <summary>Dice of two boolean-like tensors of the same shape (nonzero = inside).</summary>
    public static double Dice(Tensor reference, Tensor test)
    {
        CheckShapes(reference, test);
        return Dice(MetricInputs.Bools(reference), MetricInputs.Bools(test));
    }

    /// <summary>Dice of one label of two integer label-map tensors of the same shape.</summary>
    public static double Dice(Tensor reference, Tensor test, int label)
    {
        CheckShapes(reference, test);
        return Dice(MetricInputs.Ints(reference), MetricInputs.Ints(test), label);
    }

    public static IReadOnlyDictionary<int, double> DicePerLabel(Tensor reference, Tensor test, bool includeBackground = false)
    {
        CheckShapes(reference, test);
        return DicePerLabel(MetricInputs.Ints(reference), MetricInputs.Ints(test), includeBackground);
    }

    private static double Ratio(long both, long a, long b) => a + b == 0 ? double.NaN : 2.0 * both / (a + b);

    private static void CheckLengths<T>(T[] reference, T[] test)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        if (reference.Length != test.Length)
            throw new ArgumentException($"test has {test.Length} voxels but reference has {reference.Length}", nameof(test));
    }

    private static void CheckShapes(Tensor reference, Tensor test)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        MetricInputs.CheckSameShape(MetricInputs.ShapeOf(reference), MetricInputs.ShapeOf(test), nameof(test));
    }
}
