using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>A point GAN whose whole step is its own (<see cref="ISelfUpdatingGan.Update"/>); the trainer never calls the two halves.</summary>
public abstract class SelfUpdatingPointGan : PointGanBase, ISelfUpdatingGan
{
    protected SelfUpdatingPointGan(PointGanOptions options, AdversarialLossKind loss) : base(options, loss)
    {
        if (options.Packing != 1) throw new ArgumentException($"{GetType().Name} does not pack samples (packing must be 1)");
    }

    public abstract (LossTerms Discriminator, LossTerms Generator) Update(Batch real, Generator random,
        optim.Optimizer discriminatorOptimizer, optim.Optimizer generatorOptimizer);

    public sealed override LossTerms DiscriminatorStep(Batch real, Generator random) =>
        throw new NotSupportedException($"{Kind} updates itself (ISelfUpdatingGan.Update)");

    public sealed override LossTerms GeneratorStep(Batch real, Generator random) =>
        throw new NotSupportedException($"{Kind} updates itself (ISelfUpdatingGan.Update)");
}
