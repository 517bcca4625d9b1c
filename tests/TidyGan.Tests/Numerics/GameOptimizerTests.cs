using TidyGan.Numerics;

namespace TidyGan.Tests.Numerics;

/// <summary>
/// The optimisers' qualitative behaviour on the bilinear game V = x·y (issue 4, part 1), with margins,
/// and the exact rates their update matrices predict.
/// </summary>
public class GameOptimizerTests
{
    private static Trajectory Run(string optimizer, double lr, int steps, int dimension = 1, double gamma = 1.0)
    {
        var game = new BilinearGame(dimension);
        var start = Enumerable.Repeat(1.0, 2 * dimension).ToArray();
        return Trajectory.Run(game, GameOptimizers.Create(optimizer, lr, gamma), start, steps);
    }

    [Theory]
    [InlineData(0.05, 1)]
    [InlineData(0.1, 1)]
    [InlineData(0.2, 3)]
    public void SimultaneousStepsSpiralOutwards(double lr, int dimension)
    {
        var t = Run("simultaneous", lr, 1000, dimension);
        double growth = t.DistanceAfter(1000)!.Value / t.DistanceAfter(0)!.Value;
        Assert.True(growth > 3, $"distance grew only ×{growth}");
        // Update I + ηA, eigenvalues 1 ± iη: the distance grows by exactly √(1 + η²) per step.
        Assert.Equal(Math.Pow(1 + lr * lr, 500), growth, 1e-9 * growth);
        Assert.True(t.Distances.Zip(t.Distances.Skip(1)).All(p => p.Second > p.First), "the distance must grow at every step");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void AlternatingStepsStayBoundedWithoutConverging(double lr)
    {
        var t = Run("alternating", lr, 1000);
        double start = t.Distances[0];
        // det = 1 and |trace| < 2: a closed orbit, an ellipse that deviates from the circle by O(η).
        Assert.All(t.Distances, d => Assert.InRange(d / start, 1 - lr, 1 + lr));
        Assert.True(t.DistanceAfter(1000) > 0.5 * start, "alternating steps do not converge on the bilinear game");
    }

    [Theory]
    [InlineData(0.1, 1.0)]
    [InlineData(0.1, 0.1)]
    [InlineData(0.05, 1.0)]
    public void ConsensusOptimisationConverges(double lr, double gamma)
    {
        var t = Run("consensus", lr, 1000, gamma: gamma);
        double ratio = t.DistanceAfter(1000)!.Value / t.Distances[0];
        // w = Az − γz: update (1 − ηγ)I + ηA, modulus √((1 − ηγ)² + η²) per step.
        double predicted = Math.Pow((1 - lr * gamma) * (1 - lr * gamma) + lr * lr, 500);
        Assert.True(ratio < 0.01, $"distance only shrank to ×{ratio}");
        Assert.Equal(predicted, ratio, 1e-6 * predicted + 1e-300);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    public void ExtragradientConverges(double lr)
    {
        var t = Run("extragradient", lr, 1000);
        double ratio = t.DistanceAfter(1000)!.Value / t.Distances[0];
        // Update (1 − η²)I + ηA: modulus √(1 − η² + η⁴) < 1.
        double predicted = Math.Pow(1 - lr * lr + Math.Pow(lr, 4), 500);
        Assert.True(ratio < 0.01, $"distance only shrank to ×{ratio}");
        Assert.Equal(predicted, ratio, 1e-6 * predicted);
    }

    [Fact]
    public void OptimisticStepsConvergeAsMeasured()
    {
        // Measured: ×0.0063 after 1000 steps at η = 0.1 (extragradient: ×0.0069). No closed form is
        // asserted; the margin is a factor of 10 either way.
        var t = Run("optimistic", 0.1, 1000);
        double ratio = t.DistanceAfter(1000)!.Value / t.Distances[0];
        Assert.InRange(ratio, 0.00063, 0.063);
        Assert.True(t.DistanceAfter(100) < t.Distances[0]);
    }

    [Fact]
    public void OptimisticResetForgetsThePreviousField()
    {
        var optimizer = GameOptimizers.Create("optimistic", 0.1, 0);
        var first = Trajectory.Run(new BilinearGame(), optimizer, [1.0, 1.0], 20);
        var again = Trajectory.Run(new BilinearGame(), optimizer, [1.0, 1.0], 20);
        Assert.Equal(first.Points[^1], again.Points[^1]);
    }

    [Fact]
    public void AnOverflowingRunStopsAndReportsInfinity()
    {
        var t = Run("simultaneous", 10.0, 1000);        // ×√101 per step: past 1e308 after ~310 steps
        Assert.True(t.Overflowed);
        Assert.Equal(double.PositiveInfinity, t.DistanceAfter(1000));
        Assert.Null(t.DistanceAfter(1001));
    }

    [Theory]
    [InlineData("simultaneous", 0.0)]
    [InlineData("extragradient", -0.1)]
    [InlineData("consensus", double.NaN)]
    public void BadStepSizesAreRejected(string name, double lr) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GameOptimizers.Create(name, lr, 1.0));

    [Fact]
    public void UnknownOptimiserIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => GameOptimizers.Create("adam", 0.1, 1.0));
        Assert.Contains("adam", e.Message);
        Assert.Contains("extragradient", e.Message);
    }
}
