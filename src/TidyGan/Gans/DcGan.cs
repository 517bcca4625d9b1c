using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// DC-GAN (Radford 2015): z ~ N(0, I) of 100 dims → image. The training step of the paper, with the
/// adversarial loss as an option (the paper's is the non-saturating GAN loss).
/// </summary>
public sealed class DcGan : IGan
{
    private readonly DcGanOptions options;
    private readonly AdversarialLoss loss;
    private readonly double gradientPenaltyWeight;
    private Tensor? lastFake;

    public DcGan(DcGanOptions options, AdversarialLossKind loss = AdversarialLossKind.NonSaturating, double gradientPenaltyWeight = 10)
    {
        options.Validate();
        this.options = options;
        this.loss = AdversarialLoss.Create(loss);
        this.gradientPenaltyWeight = gradientPenaltyWeight;
        Generator = CreateGenerator();
        Discriminator = new DcGanDiscriminator(options);
        LossKind = loss;
    }

    public string Kind => "dcgan";

    public AdversarialLossKind LossKind { get; }

    public object Options => new GanOptions<DcGanOptions>(options, LossKind, gradientPenaltyWeight);

    public nn.Module Generator { get; }

    public nn.Module Discriminator { get; }

    public int ClassCount => 0;

    public nn.Module CreateGenerator() => new DcGanGenerator(options);   // initialised N(0, 0.02) by its constructor

    public Tensor SampleLatent(int count, Generator random, Device device) =>
        randn([count, options.LatentDim], generator: random, device: device);

    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) =>
        ((DcGanGenerator)generator).call(latent);

    public LossTerms DiscriminatorStep(Batch real, Generator random)
    {
        // Keep the fakes with their graph: G's half of the step reuses them, as pytorch/examples' dcgan does (one G forward per step).
        lastFake = Generate(Generator, SampleLatent(real.Size, random, real.Images.device), null);
        var critic = (DcGanDiscriminator)Discriminator;
        return AdversarialTerms.Discriminator(loss, x => critic.call(x), real.Images, lastFake.detach(), gradientPenaltyWeight, random);
    }

    public LossTerms GeneratorStep(Batch real, Generator random)
    {
        var fake = lastFake ?? Generate(Generator, SampleLatent(real.Size, random, real.Images.device), null);
        lastFake = null;
        return new LossTerms(loss.Generator(((DcGanDiscriminator)Discriminator).call(fake)));
    }

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
    }
}
