using TidyGan.Losses;
using TidyGan.Nn.CycleGan;
using TidyGan.Nn.Paired;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// pix2pix (Isola et al. 2017, "Image-to-Image Translation with Conditional Adversarial Networks") on aligned slice pairs
/// (x, y), as the reference's pix2pix_model.py optimize_parameters: G(x) once; D on cat(x, G(x).detach()) as fake and
/// cat(x, y) as real, D's loss × 0.5 ("slows down the rate at which D learns relative to G"); then G against the updated D:
/// GAN loss on D(cat(x, G(x))) + λ_L1·|G(x) − y|₁ (λ_L1 = 100). The "noise" of the conditional GAN is dropout in G.
/// <para>Evaluation (`denoise`): TidyGan runs G in eval mode, dropout off and batch norm on its running statistics, so a
/// volume always gives the same output. The paper instead keeps dropout and test-batch statistics at test time; that
/// protocol is not offered here.</para>
/// </summary>
public sealed class Pix2Pix : IPairedModel
{
    private readonly Pix2PixConfig config;
    private readonly AdversarialLoss loss;
    private readonly double discriminatorWeight, generatorWeight;
    private readonly UnetGenerator generator;
    private readonly PatchDiscriminator discriminator;
    private NamedOptimizer[]? optimizers;

    public Pix2Pix(Pix2PixConfig config)
    {
        this.config = config.Validate();
        var m = config.Model;
        loss = AdversarialLoss.Create(m.Loss == Pix2PixLoss.Vanilla ? AdversarialLossKind.NonSaturating : AdversarialLossKind.LeastSquares);
        // Vanilla: BCE-with-logits = the non-saturating loss; D's 0.5 is the reference's. LSGAN: Mao's ½ is already in
        // LeastSquaresLoss's D term, and the reference's G term MSE(D(G(x)), 1) is twice its G term.
        (discriminatorWeight, generatorWeight) = m.Loss == Pix2PixLoss.Vanilla ? (0.5, 1.0) : (1.0, 2.0);
        generator = new UnetGenerator(m.Networks);
        discriminator = new PatchDiscriminator(m.Networks, inputChannels: 2 * m.Channels);   // conditional: judges (x, y) pairs
    }

    public IModelOptions Options => config;
    public Pix2PixConfig Config => config;
    public PairedDomains Domains => config.Data;
    public int ImageSize => config.Model.ImageSize;
    public nn.Module Generator => generator;
    public nn.Module Discriminator => discriminator;
    public nn.Module<Tensor, Tensor> Translator => generator;

    public IReadOnlyList<NamedOptimizer> Optimizers => optimizers ??= NamedOptimizer.AdamPair(generator, discriminator, config.Adam);

    public StepLosses Step(StepContext context)
    {
        var (generatorOptimizer, discriminatorOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);
        var (x, y) = PairedBatch.Split(context.Batch());
        // Dropout draws from torch's global stream: seed it from the run's checkpointed stream, so a resumed run continues exactly.
        manual_seed(randint(long.MaxValue, [1], generator: context.Random).item<long>());
        var fake = generator.call(x);                                            // G(x)

        // 1. D: real pairs (x, y) against fake pairs (x, G(x)), G's output detached.
        SetRequiresGrad(discriminator, true);
        discriminatorOptimizer.zero_grad();
        var realLogits = discriminator.call(cat([x, y], 1));
        var fakeLogits = discriminator.call(cat([x, fake.detach()], 1));
        var discriminatorLoss = loss.Discriminator(realLogits, fakeLogits) * discriminatorWeight;
        discriminatorLoss.backward();
        discriminatorOptimizer.step();

        // 2. G: fool the updated D on (x, G(x)) and stay close to y in L1.
        SetRequiresGrad(discriminator, false);                                   // the reference's set_requires_grad(D, False)
        generatorOptimizer.zero_grad();
        var adversarial = loss.Generator(discriminator.call(cat([x, fake], 1))) * generatorWeight;
        var l1 = nn.functional.l1_loss(fake, y) * config.Model.L1Weight;
        var total = adversarial + l1;
        total.backward();
        generatorOptimizer.step();
        return new StepLosses(discriminatorLoss, total,
            ("loss/adversarial", adversarial.detach()), ("loss/l1", l1.detach()),
            ("logit/real", realLogits.mean().detach()), ("logit/fake", fakeLogits.mean().detach()));
    }

    public nn.Module CreateGenerator() => new UnetGenerator(config.Model.Networks);

    internal static void SetRequiresGrad(nn.Module module, bool on)
    {
        foreach (var p in module.parameters()) p.requires_grad = on;
    }

    public void Dispose()
    {
        NamedOptimizer.DisposeAll(optimizers);
        generator.Dispose();
        discriminator.Dispose();
    }
}
