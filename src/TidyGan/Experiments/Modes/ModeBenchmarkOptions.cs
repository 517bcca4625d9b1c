using TidyGan.Nn;

namespace TidyGan.Experiments.Modes;

/// <summary>
/// The protocol of one mixture benchmark run. Defaults: PacGAN's code (fjxmlzn/PacGAN, synthetic
/// experiments: batch 100, Adam lr 1e-4, β1 0.8, 100,000 training points, 2,500 generated points for
/// evaluation) and the papers of each method (k = 5, γ = 10, WGAN-GP's toy settings); the one large
/// deviation is <see cref="Steps"/>, far below PacGAN's 400 epochs (400,000 iterations) so that the whole
/// table fits the 30-minute CPU budget. docs/numerics.md §2 lists every parameter and its source.
/// </summary>
public sealed record ModeBenchmarkOptions
{
    /// <summary>Generator updates per run.</summary>
    public long Steps { get; init; } = 3000;

    /// <summary>Packed samples per batch (PacGAN: 100; PacGAN-m draws 100·m points).</summary>
    public int BatchSize { get; init; } = 100;

    public double LearningRate { get; init; } = 1e-4;
    public double Beta1 { get; init; } = 0.8;
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Size of the fixed training set (PacGAN's num_sample).</summary>
    public int TrainingPoints { get; init; } = 100_000;

    /// <summary>Generated points scored at the end and during training (VEEGAN, PacGAN: 2,500).</summary>
    public int EvaluationPoints { get; init; } = 2500;

    /// <summary>Score the generator every this many steps for the "modes over training" plot.</summary>
    public int EvaluateEvery { get; init; } = 250;

    /// <summary>Unrolled GAN's k (Metz 2016; VEEGAN's comparison: 5).</summary>
    public int UnrollingSteps { get; init; } = 5;

    /// <summary>Consensus optimisation's γ (Mescheder 2017, mixture of Gaussians: 10).</summary>
    public double ConsensusWeight { get; init; } = 10;

    /// <summary>WGAN-GP's λ; Gulrajani's toy script uses 0.1 ("smaller lambda seems to help for toy tasks").</summary>
    public double GradientPenaltyWeight { get; init; } = 0.1;

    /// <summary>WGAN-GP critic updates per generator update (Gulrajani 2017: 5).</summary>
    public int CriticSteps { get; init; } = 5;

    /// <summary>WGAN-GP's Adam (Gulrajani 2017: β1 0.5, β2 0.9).</summary>
    public double WganBeta1 { get; init; } = 0.5;
    public double WganBeta2 { get; init; } = 0.9;

    /// <summary>A mode counts as recovered with at least this many high-quality points (VEEGAN: 1).</summary>
    public int MinimumCount { get; init; } = 1;

    public PointGanOptions Model { get; init; } = PointGanOptions.Paper;

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"--steps must be positive (got {Steps})");
        if (BatchSize < 1) throw new ArgumentException($"batch size must be positive (got {BatchSize})");
        if (EvaluationPoints < 1) throw new ArgumentException($"evaluation points must be positive (got {EvaluationPoints})");
        if (EvaluateEvery < 1) throw new ArgumentException($"--eval-every must be positive (got {EvaluateEvery})");
        if (TrainingPoints < BatchSize * 4) throw new ArgumentException($"training set ({TrainingPoints}) must hold at least 4 batches of {BatchSize}");
        Model.Validate();
    }
}
