namespace TidyGan.Numerics;

/// <summary>The optimisers by name, for the command line and the comparison runs.</summary>
public static class GameOptimizers
{
    /// <summary>Every optimiser, in the order tables and legends list them.</summary>
    public static readonly IReadOnlyList<string> Names = ["simultaneous", "alternating", "consensus", "extragradient", "optimistic"];

    public static IGameOptimizer Create(string name, double learningRate, double gamma) => name switch
    {
        "simultaneous" => new SimultaneousGradient(learningRate),
        "alternating" => new AlternatingGradient(learningRate),
        "consensus" => new ConsensusOptimization(learningRate, gamma),
        "extragradient" => new Extragradient(learningRate),
        "optimistic" => new OptimisticGradient(learningRate),
        _ => throw new ArgumentException($"unknown optimiser '{name}'; choose from {string.Join(", ", Names)}"),
    };

    public static IReadOnlyList<IGameOptimizer> All(double learningRate, double gamma) =>
        Names.Select(n => Create(n, learningRate, gamma)).ToList();

    internal static double CheckRate(double learningRate) => learningRate > 0 && double.IsFinite(learningRate) ? learningRate
        : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "--lr (the step size η) must be a finite number > 0");
}
