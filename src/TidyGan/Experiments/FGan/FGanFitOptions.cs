namespace TidyGan.Experiments.FGan;

/// <summary>
/// The budget of one 1-D f-GAN fit. Both players use Adam (β₁ = 0.5); the critic gets a few steps per generator
/// step so that T stays near the optimum T* = f'(p/q) the saddle objective assumes.
/// </summary>
public sealed record FGanFitOptions
{
    public int Steps { get; init; } = 1500;
    public int BatchSize { get; init; } = 512;
    public int CriticSteps { get; init; } = 3;
    public int Hidden { get; init; } = 64;
    public double CriticLearningRate { get; init; } = 1e-3;
    public double GeneratorLearningRate { get; init; } = 5e-3;

    /// <summary>
    /// Critic-only steps before the first generator step. The saddle objective moves G along the divergence's
    /// gradient only when T ≈ T*; an untrained critic's first signals otherwise widen σ at random.
    /// </summary>
    public int CriticWarmup { get; init; } = 300;

    /// <summary>The generator starts at μ₀ ~ U(−1, 1) (from the seed) and σ₀ = this: wide enough to see both modes.</summary>
    public double InitialStdDev { get; init; } = 0.5;

    /// <summary>(μ, σ) are recorded every this many steps (the trajectory in results.json).</summary>
    public int RecordEvery { get; init; } = 100;

    public void Validate()
    {
        if (Steps <= 0 || BatchSize <= 1 || CriticSteps <= 0 || Hidden <= 0 || RecordEvery <= 0 || CriticWarmup < 0)
            throw new ArgumentException("f-GAN fit: steps, batch (> 1), critic steps, hidden width and record interval must be positive, the warm-up not negative");
        if (!(CriticLearningRate > 0) || !(GeneratorLearningRate > 0) || !(InitialStdDev > 0))
            throw new ArgumentException("f-GAN fit: learning rates and the initial σ must be positive");
    }
}
