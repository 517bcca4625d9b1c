using static TorchSharp.torch;

namespace TidyGan.Losses;

/// <summary>
/// The discriminator's loss on a real batch and a (detached) fake batch under any <see cref="AdversarialLoss"/>,
/// with the diagnostics every GAN logs: D's mean logit on each side, D(x) = σ(logit) for Goodfellow's losses, and
/// the gradient penalty when the loss is WGAN-GP's.
/// </summary>
public static class DiscriminatorLoss
{
    public static (Tensor Loss, (string Name, Tensor Value)[] Diagnostics) Compute(AdversarialLoss loss, Func<Tensor, Tensor> critic,
        Tensor real, Tensor fake, double gradientPenaltyWeight, Generator random)
    {
        var realLogits = critic(real);
        var fakeLogits = critic(fake);
        var total = loss.Discriminator(realLogits, fakeLogits);
        (string, Tensor) realMean = ("logit/real", realLogits.mean()), fakeMean = ("logit/fake", fakeLogits.mean());
        if (loss.HasProbabilityOutput)   // the mean of D = σ(l), not σ of the mean logit: what the saturation argument is about
            return (total, [realMean, fakeMean, ("D/real", sigmoid(realLogits).mean()), ("D/fake", sigmoid(fakeLogits).mean())]);
        if (!loss.NeedsGradientPenalty) return (total, [realMean, fakeMean]);
        var penalty = GradientPenalty.Compute(critic, real, fake, gradientPenaltyWeight, random);
        return (total + penalty, [realMean, fakeMean, ("gradient_penalty", penalty)]);
    }
}
