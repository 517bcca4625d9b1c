using TidyGan.IO;
using TidyGan.Losses;
using static TorchSharp.torch;

namespace TidyGan.Experiments.FGan;

/// <summary>(μ, σ) of the generator and the critic's bound at one step.</summary>
public sealed record FitPoint(int Step, double Mean, double StdDev, double Bound);

/// <summary>The outcome of one fit: the final Gaussian and its trajectory.</summary>
public sealed record FitResult(string Divergence, int Seed, double Mean, double StdDev, double FinalBound, IReadOnlyList<FitPoint> Trajectory);

/// <summary>
/// Fits the Gaussian generator to a 1-D target by variational divergence minimisation with <see cref="FGanLoss"/>
/// (Nowozin 2016, Algorithm 1 with the critic stepped a few times per generator step).
/// <para>
/// Its own tiny loop rather than <c>Training.Trainer</c>: the trainer is built around image datasets (batch
/// sampler, augmentation, sample grids, checkpoints); here data are 1-D draws from a known density, a fit takes
/// seconds and nothing needs resuming. The step itself is the same two calls the trainer makes:
/// loss.Discriminator on (real, detached fake), then loss.Generator on fresh fakes.
/// </para>
/// </summary>
public static class FGanFit
{
    public static FitResult Run(FDivergence divergence, GaussianMixture1D target, int seed, FGanFitOptions options)
    {
        options.Validate();
        var loss = new FGanLoss(divergence);
        using var random = new Generator((ulong)seed);
        manual_seed(seed);                                      // the critic's initial weights
        double initialMean = 2 * rand(1, generator: random).item<float>() - 1;
        using var generator = new GaussianGenerator1D(initialMean, options.InitialStdDev);
        using var critic = new Critic1D(options.Hidden);
        using var generatorOptimizer = optim.Adam(generator.parameters(), options.GeneratorLearningRate, 0.5, 0.999);
        using var criticOptimizer = optim.Adam(critic.parameters(), options.CriticLearningRate, 0.5, 0.999);
        var trajectory = new List<FitPoint> { new(0, generator.Mean, generator.StdDev, double.NaN) };
        double bound = double.NaN;

        for (int step = 1; step <= options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            int criticSteps = options.CriticSteps + (step == 1 ? options.CriticWarmup : 0);
            for (int k = 0; k < criticSteps; k++)
            {
                var real = target.Sample(options.BatchSize, random);
                var fake = generator.call(randn(options.BatchSize, 1, generator: random)).detach();
                criticOptimizer.zero_grad();
                var criticLoss = loss.Discriminator(critic.call(real), critic.call(fake));
                bound = -criticLoss.item<float>();
                if (!double.IsFinite(bound))
                    throw new UserException($"f-GAN fit ({divergence.CliName}, seed {seed}) diverged at step {step}: the critic's bound is {bound}");
                criticLoss.backward();
                criticOptimizer.step();
            }
            generatorOptimizer.zero_grad();
            var generatorLoss = loss.Generator(critic.call(generator.call(randn(options.BatchSize, 1, generator: random))));
            generatorLoss.backward();
            generatorOptimizer.step();
            if (step % options.RecordEvery == 0 || step == options.Steps)
                trajectory.Add(new FitPoint(step, generator.Mean, generator.StdDev, bound));
        }
        return new FitResult(divergence.CliName, seed, generator.Mean, generator.StdDev, bound, trajectory);
    }
}
