using System.Text.Json.Serialization;
using TidyGan.Losses;
using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>What rebuilds a <see cref="DcGan"/>: the networks, the adversarial loss, D updates per G update and Adam.</summary>
/// <param name="Model">The networks' sizes (<see cref="DcGanOptions.Paper"/>, <see cref="DcGanOptions.Cpu"/>, or your own).</param>
/// <param name="Loss">The adversarial loss; the non-saturating one by default. WGAN-GP is <see cref="WganGp"/>.</param>
/// <param name="CriticSteps">Discriminator updates per generator update, each on a fresh real batch (1 in the paper).</param>
public sealed record DcGanConfig(DcGanOptions Model, AdversarialLossKind Loss = AdversarialLossKind.NonSaturating, int CriticSteps = 1) : IModelOptions
{
    /// <summary>Radford 2015: Adam 2e-4, β1 0.5, for both players.</summary>
    public AdamOptions Adam { get; init; } = AdamOptions.Paper;

    /// <summary>Always <see cref="ModelKind.DcGan"/> (the checkpoint's model kind).</summary>
    [JsonIgnore] public ModelKind Kind => ModelKind.DcGan;

    /// <summary>Checks the options and returns them.</summary>
    /// <exception cref="ArgumentException">An unsupported size or width, a bad Adam setting, critic steps &lt; 1 or the WGAN-GP loss.</exception>
    public DcGanConfig Validate()
    {
        Model.Validate();
        Adam.Validate();
        if (CriticSteps < 1) throw new ArgumentException($"critic steps must be at least 1 (got {CriticSteps})");
        if (Loss == AdversarialLossKind.WassersteinGp) throw new ArgumentException("WGAN-GP has its own recipe: use WganGp (train dcgan --loss wgan-gp does)");
        return this;
    }
}

/// <summary>
/// DC-GAN (Radford, Metz &amp; Chintala 2015; pytorch/examples <c>dcgan/main.py</c>): z ~ N(0, I) of 100 dims → image.
/// One step: D learns real → 1, G(z) → 0; then G learns to make D call G(z) real (the non-saturating loss by default;
/// any other adversarial loss but WGAN-GP's, which is <see cref="WganGp"/>).
/// </summary>
public sealed class DcGan : DcGanNetworks
{
    private readonly DcGanConfig config;
    private readonly AdversarialLoss loss;

    /// <summary>Builds G and D on the CPU with DC-GAN's N(0, 0.02) initial weights (seed them with
    /// <c>torch.manual_seed</c>); the Adam optimisers are created at the first <see cref="Step"/>.</summary>
    /// <exception cref="ArgumentException">The configuration is invalid (<see cref="DcGanConfig.Validate"/>).</exception>
    public DcGan(DcGanConfig config) : base(config.Validate().Model, config.Adam)
    {
        this.config = config;
        loss = AdversarialLoss.Create(config.Loss);
    }

    /// <summary>The configuration this GAN was built from.</summary>
    public DcGanConfig Config => config;

    /// <inheritdoc/>
    public override IModelOptions Options => config;

    /// <summary><see cref="DcGanConfig.CriticSteps"/> real batches per step.</summary>
    public override int BatchesPerStep => config.CriticSteps;

    /// <summary>
    /// One training step: <see cref="DcGanConfig.CriticSteps"/> discriminator updates (real batch k from
    /// <see cref="StepContext.Batch"/>, fakes from fresh noise), then one generator update against the updated D.
    /// Call it inside a <c>torch.NewDisposeScope()</c> per step.
    /// </summary>
    /// <returns>The discriminator's and the generator's losses of this step (scalars, already applied).</returns>
    public override StepLosses Step(StepContext context)
    {
        var (generatorOptimizer, discriminatorOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);

        // 1. D: real → 1, G(z) → 0 (once per step in the paper; --critic-steps asks for more, each on a fresh batch).
        Tensor fake = null!;
        (Tensor Loss, (string, Tensor)[] Diagnostics) d = (null!, []);
        for (int k = 0; k < config.CriticSteps; k++)
        {
            var real = context.Batch(k).Images;
            discriminatorOptimizer.zero_grad();
            // Keep the fakes with their graph: G's update reuses the last ones (one G forward per step, as pytorch/examples).
            fake = G.call(SampleLatent((int)real.shape[0], context.Random, real.device));
            d = DiscriminatorLoss.Compute(loss, x => D.call(x), real, fake.detach(), 0, context.Random);
            d.Loss.backward();
            discriminatorOptimizer.step();
        }

        // 2. G: make the just-updated D call G(z) real.
        generatorOptimizer.zero_grad();
        var g = loss.Generator(D.call(fake));
        g.backward();
        generatorOptimizer.step();
        return new StepLosses(d.Loss, g, d.Diagnostics);
    }
}
