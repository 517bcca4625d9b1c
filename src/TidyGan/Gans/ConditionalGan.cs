using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// Conditional GAN (Mirza 2014): (z, class c) → image; D judges (image, c). Fakes are drawn for the
/// labels of the real batch, so G learns every class in proportion to the data.
/// </summary>
public sealed class ConditionalGan : IGan
{
    private readonly ConditionalGanOptions options;
    private readonly AdversarialLoss loss;
    private readonly double gradientPenaltyWeight;
    private Tensor? lastFake;      // fakes of the last D step, for G's step (same labels: the real batch's)

    public ConditionalGan(ConditionalGanOptions options, AdversarialLossKind loss = AdversarialLossKind.NonSaturating, double gradientPenaltyWeight = 10)
    {
        options.Validate();
        this.options = options;
        this.loss = AdversarialLoss.Create(loss);
        this.gradientPenaltyWeight = gradientPenaltyWeight;
        LossKind = loss;
        Generator = CreateGenerator();
        Discriminator = new ConditionalDiscriminator(options);
    }

    public string Kind => "cgan";

    public AdversarialLossKind LossKind { get; }

    public object Options => new GanOptions<ConditionalGanOptions>(options, LossKind, gradientPenaltyWeight);

    public nn.Module Generator { get; }

    public nn.Module Discriminator { get; }

    public int ClassCount => options.ClassCount;

    public nn.Module CreateGenerator() => new ConditionalGenerator(options);   // initialised N(0, 0.02) by its constructor

    public Tensor SampleLatent(int count, Generator random, Device device) =>
        randn([count, options.Base.LatentDim], generator: random, device: device);

    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) =>
        ((ConditionalGenerator)generator).call(latent, labels ?? throw new ArgumentException("a conditional GAN needs class labels to generate"));

    public LossTerms DiscriminatorStep(Batch real, Generator random)
    {
        var labels = RequireLabels(real);
        // Keep the fakes with their graph: G's half of the step reuses them (one G forward per step).
        lastFake = Generate(Generator, SampleLatent(real.Size, random, real.Images.device), labels);
        var critic = (ConditionalDiscriminator)Discriminator;
        return AdversarialTerms.Discriminator(loss, x => critic.call(x, labels), real.Images, lastFake.detach(), gradientPenaltyWeight, random);
    }

    public LossTerms GeneratorStep(Batch real, Generator random)
    {
        var labels = RequireLabels(real);
        var fake = lastFake ?? Generate(Generator, SampleLatent(real.Size, random, real.Images.device), labels);
        lastFake = null;
        return new LossTerms(loss.Generator(((ConditionalDiscriminator)Discriminator).call(fake, labels)));
    }

    private static Tensor RequireLabels(Batch batch) =>
        batch.Labels ?? throw new InvalidOperationException("a conditional GAN needs a labelled dataset (e.g. fashion-mnist or folder:PATH with class sub-folders)");

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
    }
}
