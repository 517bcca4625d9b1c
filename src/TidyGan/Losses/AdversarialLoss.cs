using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace TidyGan.Losses;

/// <summary>
/// An adversarial objective on discriminator logits (no sigmoid in the models). Both methods return the
/// mean over the batch of the quantity each player <b>minimises</b>. With D(x) = σ(l):
/// log D = −softplus(−l) and log(1 − D) = −softplus(l), which stay finite for any logit.
/// </summary>
public abstract class AdversarialLoss
{
    public abstract AdversarialLossKind Kind { get; }

    /// <summary>Whether the discriminator step must add <see cref="GradientPenalty"/> (WGAN-GP).</summary>
    public virtual bool NeedsGradientPenalty => false;

    /// <summary>Whether σ(logit) is the discriminator's probability D(x) (Goodfellow 2014's losses), worth logging as D(G(z)).</summary>
    public virtual bool HasProbabilityOutput => false;

    /// <summary>The discriminator's (critic's) loss from its logits on a real and a generated batch.</summary>
    public abstract Tensor Discriminator(Tensor realLogits, Tensor fakeLogits);

    /// <summary>The generator's loss from the discriminator's logits on a generated batch.</summary>
    public abstract Tensor Generator(Tensor fakeLogits);

    public static AdversarialLoss Create(AdversarialLossKind kind) => kind switch
    {
        AdversarialLossKind.NonSaturating => new NonSaturatingLoss(),
        AdversarialLossKind.Minimax => new MinimaxLoss(),
        AdversarialLossKind.LeastSquares => new LeastSquaresLoss(),
        AdversarialLossKind.Hinge => new HingeLoss(),
        AdversarialLossKind.WassersteinGp => new WassersteinLoss(),
        _ when FDivergence.ForKind(kind) is { } divergence => new FGanLoss(divergence),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown adversarial loss."),
    };

    /// <summary>Parses a CLI name (ns | minimax | lsgan | hinge | wgan-gp | f:kl | f:rkl | f:pearson | f:hellinger | f:js | f:gan) and creates the loss.</summary>
    public static AdversarialLoss Create(string cliName) => Create(AdversarialLossKinds.Parse(cliName));

    /// <summary>Goodfellow 2014 discriminator: −E[log D(x)] − E[log(1 − D(G(z)))].</summary>
    protected static Tensor CrossEntropyDiscriminator(Tensor realLogits, Tensor fakeLogits) =>
        softplus(-realLogits).mean() + softplus(fakeLogits).mean();
}

/// <summary>Non-saturating GAN: D as Goodfellow 2014; G minimises −E[log D(G(z))] = E[softplus(−l)].</summary>
public sealed class NonSaturatingLoss : AdversarialLoss
{
    public override AdversarialLossKind Kind => AdversarialLossKind.NonSaturating;
    public override bool HasProbabilityOutput => true;
    public override Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) => CrossEntropyDiscriminator(realLogits, fakeLogits);
    public override Tensor Generator(Tensor fakeLogits) => softplus(-fakeLogits).mean();
}

/// <summary>
/// The original minimax game: G minimises E[log(1 − D(G(z)))] = −E[softplus(l)]. Its gradient vanishes
/// when D confidently rejects the fakes (l → −∞), which is why <see cref="NonSaturatingLoss"/> exists.
/// </summary>
public sealed class MinimaxLoss : AdversarialLoss
{
    public override AdversarialLossKind Kind => AdversarialLossKind.Minimax;
    public override bool HasProbabilityOutput => true;
    public override Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) => CrossEntropyDiscriminator(realLogits, fakeLogits);
    public override Tensor Generator(Tensor fakeLogits) => -softplus(fakeLogits).mean();
}

/// <summary>
/// LSGAN (Mao et al. 2017) with a = 0, b = 1, c = 1 on the raw output:
/// D: ½E[(D(x) − 1)²] + ½E[D(G(z))²]; G: ½E[(D(G(z)) − 1)²].
/// </summary>
public sealed class LeastSquaresLoss : AdversarialLoss
{
    public override AdversarialLossKind Kind => AdversarialLossKind.LeastSquares;
    public override Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
        0.5 * (realLogits - 1).square().mean() + 0.5 * fakeLogits.square().mean();
    public override Tensor Generator(Tensor fakeLogits) => 0.5 * (fakeLogits - 1).square().mean();
}

/// <summary>Hinge loss: D: E[relu(1 − D(x))] + E[relu(1 + D(G(z)))]; G: −E[D(G(z))].</summary>
public sealed class HingeLoss : AdversarialLoss
{
    public override AdversarialLossKind Kind => AdversarialLossKind.Hinge;
    public override Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
        relu(1 - realLogits).mean() + relu(1 + fakeLogits).mean();
    public override Tensor Generator(Tensor fakeLogits) => -fakeLogits.mean();
}

/// <summary>
/// Wasserstein critic (Arjovsky et al. 2017): D: E[D(G(z))] − E[D(x)]; G: −E[D(G(z))]. Add
/// <c>GradientPenalty.Compute</c> to the critic's loss (Gulrajani et al. 2017).
/// </summary>
public sealed class WassersteinLoss : AdversarialLoss
{
    public override AdversarialLossKind Kind => AdversarialLossKind.WassersteinGp;
    public override bool NeedsGradientPenalty => true;
    public override Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) => fakeLogits.mean() - realLogits.mean();
    public override Tensor Generator(Tensor fakeLogits) => -fakeLogits.mean();
}
