using TidyGan.Losses;
using TidyGan.Nn.CycleGan;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// Wolterink et al. 2017 ("Generative adversarial networks for noise reduction in low-dose CT"): a voxel-wise loss plus an
/// adversarial one, so the denoised image keeps the statistics (texture) of routine-dose CT instead of MSE's smoothness. Step:
/// D (PatchGAN on the image alone, non-saturating loss) learns full-dose y from denoised G(x); then G minimises
/// MSE(G(x), y) + λ_adv·L_adv against the updated D. Wolterink's networks were 3-D and their own; here G is RED-CNN as in the
/// other arms and λ_adv is TidyGan's (<see cref="DenoiserOptions.AdversarialWeight"/>).
/// </summary>
public sealed class DenoiserAdversarial : Denoiser
{
    private readonly PatchDiscriminator discriminator;
    private readonly AdversarialLoss loss = AdversarialLoss.Create(AdversarialLossKind.NonSaturating);

    public DenoiserAdversarial(DenoiserConfig config) : base(config) => discriminator = new PatchDiscriminator(settings.Model.Discriminator);

    public override nn.Module Discriminator => discriminator;

    public override StepLosses Step(StepContext context)
    {
        var (generatorOptimizer, discriminatorOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);
        var (x, y) = PairedBatch.Split(context.Batch());
        var denoised = RedCnn.call(x);

        // 1. D: full-dose slices are real, denoised ones fake.
        Pix2Pix.SetRequiresGrad(discriminator, true);
        discriminatorOptimizer.zero_grad();
        var (discriminatorLoss, diagnostics) = DiscriminatorLoss.Compute(loss, d => discriminator.call(d), y, denoised.detach(), 0, context.Random);
        discriminatorLoss.backward();
        discriminatorOptimizer.step();

        // 2. G: voxel-wise MSE + λ_adv × fooling the updated D.
        Pix2Pix.SetRequiresGrad(discriminator, false);
        generatorOptimizer.zero_grad();
        var mse = nn.functional.mse_loss(denoised, y);
        var adversarial = loss.Generator(discriminator.call(denoised));
        var total = mse + adversarial * settings.Model.AdversarialWeight;
        total.backward();
        generatorOptimizer.step();
        return new StepLosses(discriminatorLoss, total,
            [("loss/mse", mse.detach()), ("loss/adversarial", adversarial.detach()), .. diagnostics.Select(d => (d.Name, d.Value.detach()))]);
    }
}
