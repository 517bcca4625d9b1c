using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>
/// A GAN whose step does not split into "D loss, backward, step; G loss, backward, step": Unrolled GAN
/// (Metz 2016) differentiates G's loss through k updates of D, consensus optimisation (Mescheder 2017)
/// updates both players at once with the gradient of ½‖v‖². The trainer still owns the loop, the
/// optimisers, the learning-rate schedule, logging and checkpoints; it hands this hook the batch and the
/// two optimisers instead of calling <see cref="IGan.DiscriminatorStep"/> and <see cref="IGan.GeneratorStep"/>.
/// </summary>
public interface ISelfUpdatingGan : IGan
{
    /// <summary>
    /// One whole training step: update D and G (with the given optimisers or the GAN's own update rule)
    /// and return the two losses (already back-propagated) for logging and divergence checks.
    /// </summary>
    (LossTerms Discriminator, LossTerms Generator) Update(Batch real, Generator random,
        optim.Optimizer discriminatorOptimizer, optim.Optimizer generatorOptimizer);
}
