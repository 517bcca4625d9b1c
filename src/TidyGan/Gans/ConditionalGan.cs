using System.Text.Json.Serialization;
using TidyGan.Data;
using TidyGan.Losses;
using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>What rebuilds a <see cref="ConditionalGan"/>. With <c>--loss wgan-gp</c>, <see cref="ForLoss"/> applies <see cref="WganGpRecipe"/>.</summary>
public sealed record ConditionalGanConfig(ConditionalGanOptions Model, AdversarialLossKind Loss = AdversarialLossKind.NonSaturating,
    int CriticSteps = 1, double GradientPenaltyWeight = WganGpRecipe.PenaltyWeight) : IModelOptions
{
    public AdamOptions Adam { get; init; } = AdamOptions.Paper;

    [JsonIgnore] public ModelKind Kind => ModelKind.ConditionalGan;

    /// <summary>The options for <paramref name="loss"/>: the paper's Adam, or WGAN-GP's whole recipe (critic norm, n_critic, Adam, λ).</summary>
    public static ConditionalGanConfig ForLoss(ConditionalGanOptions model, AdversarialLossKind loss) => loss == AdversarialLossKind.WassersteinGp
        ? new(model with { Base = model.Base with { DiscriminatorNorm = WganGpRecipe.CriticNorm } }, loss, WganGpRecipe.CriticSteps) { Adam = WganGpRecipe.Adam }
        : new(model, loss);

    public ConditionalGanConfig Validate()
    {
        Model.Validate();
        Adam.Validate();
        if (CriticSteps < 1) throw new ArgumentException($"critic steps must be at least 1 (got {CriticSteps})");
        return this;
    }
}

/// <summary>
/// Conditional GAN (Mirza &amp; Osindero 2014): (z, class c) → image; D judges (image, c). Fakes are drawn for the
/// labels of the real batch, so G learns every class in proportion to the data.
/// </summary>
public sealed class ConditionalGan : IImageGenerator
{
    private readonly ConditionalGanConfig config;
    private readonly AdversarialLoss loss;
    private readonly ConditionalGenerator generator;
    private readonly ConditionalDiscriminator discriminator;
    private NamedOptimizer[]? optimizers;

    public ConditionalGan(ConditionalGanConfig config)
    {
        this.config = config.Validate();
        loss = AdversarialLoss.Create(config.Loss);
        generator = new ConditionalGenerator(config.Model);     // initialised N(0, 0.02) by their constructors
        discriminator = new ConditionalDiscriminator(config.Model);
    }

    public ConditionalGanConfig Config => config;
    public IModelOptions Options => config;
    public nn.Module Generator => generator;
    public nn.Module Discriminator => discriminator;
    public int ClassCount => config.Model.ClassCount;
    public int BatchesPerStep => config.CriticSteps;

    public IReadOnlyList<NamedOptimizer> Optimizers => optimizers ??=
        NamedOptimizer.AdamPair(generator, discriminator, config.Adam);

    public StepLosses Step(StepContext context)
    {
        var (generatorOptimizer, discriminatorOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);

        // 1. D: (real x, c) → 1, (G(z, c), c) → 0, the fakes drawn for the real batch's classes.
        Tensor fake = null!, labels = null!;
        (Tensor Loss, (string, Tensor)[] Diagnostics) d = (null!, []);
        for (int k = 0; k < config.CriticSteps; k++)
        {
            var real = context.Batch(k);
            labels = RequireLabels(real);
            discriminatorOptimizer.zero_grad();
            // Keep the fakes with their graph: G's update reuses the last ones (one G forward per step).
            fake = generator.call(SampleLatent(real.Size, context.Random, real.Images.device), labels);
            var classes = labels;
            d = DiscriminatorLoss.Compute(loss, x => discriminator.call(x, classes), real.Images, fake.detach(), config.GradientPenaltyWeight, context.Random);
            d.Loss.backward();
            discriminatorOptimizer.step();
        }

        // 2. G: make D call (G(z, c), c) real.
        generatorOptimizer.zero_grad();
        var g = loss.Generator(discriminator.call(fake, labels));
        g.backward();
        generatorOptimizer.step();
        return new StepLosses(d.Loss, g, d.Diagnostics);
    }

    public nn.Module CreateGenerator() => new ConditionalGenerator(config.Model);

    public Tensor SampleLatent(int count, Generator random, Device device) =>
        randn([count, config.Model.Base.LatentDim], generator: random, device: device);

    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) =>
        ((ConditionalGenerator)generator).call(latent, labels ?? throw new ArgumentException("a conditional GAN needs class labels to generate"));

    private static Tensor RequireLabels(Batch batch) =>
        batch.Labels ?? throw new DataFormatException("a conditional GAN needs a labelled dataset (e.g. fashion-mnist or folder:PATH with class sub-folders)");

    public void Dispose()
    {
        NamedOptimizer.DisposeAll(optimizers);
        generator.Dispose();
        discriminator.Dispose();
    }
}
