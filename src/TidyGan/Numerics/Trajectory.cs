using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// The iterates z₀, z₁, … of one optimiser on one game. A run that leaves the finite numbers stops
/// there: <see cref="Points"/> then holds fewer than steps + 1 points and <see cref="Overflowed"/> is true.
/// </summary>
public sealed record Trajectory(string Optimizer, IReadOnlyList<double[]> Points, IReadOnlyList<double> Distances, int Steps)
{
    public bool Overflowed => Points.Count < Steps + 1;

    /// <summary>Distance to the equilibrium after <paramref name="step"/> steps; +∞ after an overflow, null past the end of the run.</summary>
    public double? DistanceAfter(int step) =>
        step < 0 || step > Steps ? null : step < Distances.Count ? Distances[step] : double.PositiveInfinity;

    /// <summary>Runs <paramref name="steps"/> steps of <paramref name="optimizer"/> from <paramref name="start"/>.</summary>
    public static Trajectory Run(IGame game, IGameOptimizer optimizer, double[] start, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (start.Length != game.XDimension + game.YDimension)
            throw new ArgumentException($"--start needs {game.XDimension + game.YDimension} numbers (x then y) for the '{game.Name}' game; got {start.Length}");
        optimizer.Reset();
        var points = new List<double[]>(steps + 1) { (double[])start.Clone() };
        var distances = new List<double>(steps + 1) { GameField.DistanceToEquilibrium(game, start) };
        var z = start;
        for (int t = 0; t < steps; t++)
        {
            using var scope = NewDisposeScope();                       // one scope per step: no tensor outlives it
            z = optimizer.Step(game, tensor(z, dtype: float64)).data<double>().ToArray();
            if (!z.All(double.IsFinite)) break;
            points.Add(z);
            distances.Add(GameField.DistanceToEquilibrium(game, z));
        }
        optimizer.Reset();
        return new Trajectory(optimizer.Name, points, distances, steps);
    }
}
