using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Nn.CycleGan;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// WGAN + perceptual loss in the spirit of WGAN-VGG (Yang et al. 2018, "Low Dose CT Image Denoising Using a Generative
/// Adversarial Network with Wasserstein Distance and Perceptual Loss"). Step: n_critic times, the critic (PatchGAN, instance
/// norm) minimises E[D(G(x))] − E[D(y)] + λ_gp·GP; then G minimises −E[D(G(x))] + λ_p·‖φ(G(x)) − φ(y)‖² (mean over feature
/// elements), λ_p = 0.1, λ_gp = 10. φ is NOT VGG-19 (its weights are not available here): it is TidyGan's CT domain encoder
/// (`tidygan features train`, an <see cref="ImageClassifier"/> trained on real CT slices), its last conv block's maps, frozen
/// and in eval mode; it is injected, since the feature networks live above the GANs. G is RED-CNN as in the other arms
/// (WGAN-VGG's own G is an 8-layer 32-filter CNN).
/// </summary>
public sealed class DenoiserWganPerceptual : Denoiser
{
    private readonly PatchDiscriminator critic;
    private readonly ImageClassifier? features;
    private readonly AdversarialLoss loss = AdversarialLoss.Create(AdversarialLossKind.WassersteinGp);

    /// <param name="features">The frozen feature network φ (the caller keeps it alive and disposes it); null: this arm can only translate.</param>
    public DenoiserWganPerceptual(DenoiserConfig config, ImageClassifier? features) : base(config)
    {
        critic = new PatchDiscriminator(settings.Model.Discriminator);
        this.features = features;
        if (features is null) return;
        features.eval();                                         // running BN statistics: φ of an image never depends on its batch
        foreach (var p in features.parameters()) p.requires_grad = false;
    }

    public override nn.Module Discriminator => critic;
    public override int BatchesPerStep => settings.Model.CriticSteps;

    public override StepLosses Step(StepContext context)
    {
        if (features is null)
            throw new InvalidOperationException("the wgan-perceptual denoiser needs its feature network to train (pass --perceptual DIR)");
        var (generatorOptimizer, criticOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);
        Tensor x = null!, y = null!, criticLoss = null!;
        (string Name, Tensor Value)[] diagnostics = [];

        // 1. The critic, n_critic times on fresh batches: Wasserstein estimate + gradient penalty.
        Pix2Pix.SetRequiresGrad(critic, true);
        for (int k = 0; k < settings.Model.CriticSteps; k++)
        {
            (x, y) = PairedBatch.Split(context.Batch(k));
            criticOptimizer.zero_grad();
            Tensor denoised;
            using (no_grad()) denoised = RedCnn.call(x);
            (criticLoss, diagnostics) = DiscriminatorLoss.Compute(loss, d => critic.call(d), y, denoised, settings.Model.GradientPenaltyWeight, context.Random);
            criticLoss.backward();
            criticOptimizer.step();
        }

        // 2. G on the last batch: −E[D(G(x))] + λ_p × perceptual distance to the full-dose image.
        Pix2Pix.SetRequiresGrad(critic, false);
        generatorOptimizer.zero_grad();
        var output = RedCnn.call(x);
        var adversarial = loss.Generator(critic.call(output));
        var perceptual = nn.functional.mse_loss(FeatureMaps(output), FeatureMaps(y).detach());
        var total = adversarial + perceptual * settings.Model.PerceptualWeight;
        total.backward();
        generatorOptimizer.step();
        return new StepLosses(criticLoss, total,
            [("loss/adversarial", adversarial.detach()), ("loss/perceptual", perceptual.detach()), .. diagnostics.Select(d => (d.Name, d.Value.detach()))]);
    }

    /// <summary>φ's maps; a grey slice is repeated for an RGB network.</summary>
    private Tensor FeatureMaps(Tensor images)
    {
        var network = features!;
        var first = network.parameters().First();
        if (first.shape[1] == 3 && images.shape[1] == 1) images = images.expand(-1, 3, -1, -1);
        return network.FeatureMaps(images);
    }
}
