using TidyGan.Data;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// What a GAN's step hands back: the discriminator's loss (null when the step trains none), the generator's, and
/// named diagnostics worth logging (the gradient penalty, D's mean logit on real and fake data, ...).
/// </summary>
/// <param name="Discriminator">D's loss (scalar tensor), or null.</param>
/// <param name="Generator">G's loss (scalar tensor).</param>
/// <param name="Diagnostics">Further named scalars.</param>
public sealed record StepLosses(Tensor? Discriminator, Tensor Generator, params (string Name, Tensor Value)[] Diagnostics);

/// <summary>What the trainer hands a GAN's step: the step number, the random stream and the step's real batches.</summary>
/// <param name="step">1-based number of this step.</param>
/// <param name="totalSteps">Steps the run will take (for schedules that depend on progress).</param>
/// <param name="random">The random stream for noise and other draws.</param>
/// <param name="batch">Returns the k-th real batch of this step (k &lt; <see cref="IGan.BatchesPerStep"/>); called once per k.</param>
public sealed class StepContext(long step, long totalSteps, Generator random, Func<int, Batch> batch)
{
    /// <summary>1-based number of this step.</summary>
    public long Step { get; } = step;

    /// <summary>Steps the run will take.</summary>
    public long TotalSteps { get; } = totalSteps;

    /// <summary>The run's random stream (noise, pools, penalties): checkpointed, so a resumed run draws the same numbers.</summary>
    public Generator Random { get; } = random;

    /// <summary>The k-th real batch of this step, 0 ≤ k &lt; <see cref="IGan.BatchesPerStep"/>; with the unpaired
    /// second domain's batch in <see cref="Batch.SecondDomain"/> when the run has one.</summary>
    public Batch Batch(int k = 0) => batch(k);
}

/// <summary>Adam's settings for one player.</summary>
public sealed record AdamOptions(double LearningRate = 2e-4, double Beta1 = 0.5, double Beta2 = 0.999)
{
    /// <summary>DC-GAN's (Radford 2015) and the reference Cycle-GAN's: 2e-4, β = (0.5, 0.999).</summary>
    public static AdamOptions Paper { get; } = new();

    public AdamOptions Validate()
    {
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate must be positive (got {LearningRate})");
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentException($"Adam betas must be in [0, 1) (got {Beta1}, {Beta2})");
        return this;
    }
}

/// <summary>An optimiser of a GAN, its checkpoint name (optimizer_NAME.bin) and its base learning rate.</summary>
public sealed record NamedOptimizer(string Name, optim.Optimizer Optimizer, double LearningRate)
{
    public static NamedOptimizer Adam(string name, nn.Module module, AdamOptions options) =>
        new(name, optim.Adam(module.parameters(), options.LearningRate, options.Beta1, options.Beta2), options.LearningRate);

    /// <summary>The usual pair: "generator" and "discriminator", each with its own Adam of the same settings
    /// (their state files are optimizer_generator.bin and optimizer_discriminator.bin).</summary>
    public static NamedOptimizer[] AdamPair(nn.Module generator, nn.Module discriminator, AdamOptions options) =>
        [Adam("generator", generator, options), Adam("discriminator", discriminator, options)];

    /// <summary>Disposes optimisers created lazily (null: none were created).</summary>
    public static void DisposeAll(IReadOnlyList<NamedOptimizer>? optimizers)
    {
        foreach (var o in optimizers ?? []) o.Optimizer.Dispose();
    }
}
