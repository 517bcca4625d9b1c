using TidyGan.Losses;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>The discriminator half of a step, shared by every GAN that judges real against fake images.</summary>
internal static class AdversarialTerms
{
    /// <summary>D's loss on real and (detached) fake images, plus the gradient penalty when the loss asks for one.</summary>
    public static LossTerms Discriminator(AdversarialLoss loss, Func<Tensor, Tensor> critic, Tensor real, Tensor fake,
        double gradientPenaltyWeight, Generator random)
    {
        var realLogits = critic(real);
        var fakeLogits = critic(fake);
        var total = loss.Discriminator(realLogits, fakeLogits);
        (string, Tensor) realMean = ("logit/real", realLogits.mean()), fakeMean = ("logit/fake", fakeLogits.mean());
        if (loss.HasProbabilityOutput)   // the mean of D = σ(l), not σ of the mean logit: what the saturation argument is about
            return new LossTerms(total, realMean, fakeMean, ("D/real", sigmoid(realLogits).mean()), ("D/fake", sigmoid(fakeLogits).mean()));
        if (!loss.NeedsGradientPenalty) return new LossTerms(total, realMean, fakeMean);
        var penalty = GradientPenalty.Compute(critic, real, fake, gradientPenaltyWeight, random);
        return new LossTerms(total + penalty, realMean, fakeMean, ("gradient_penalty", penalty));
    }
}
