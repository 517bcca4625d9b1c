using System.Text.Json.Serialization;
using TidyGan.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>What rebuilds an <see cref="FAnoGan"/>: the WGAN-GP run it encodes (its checkpoint folder and options) and κ.
/// Adam for E: the WGAN-GP recipe's (α = 1e-4, β = (0, 0.9)), TidyGan's choice for a Wasserstein-trained G and D.</summary>
public sealed record FAnoGanConfig(string GanCheckpoint, WganGpConfig Gan, double Kappa = FAnoGanConfig.PaperKappa) : IModelOptions
{
    /// <summary>κ = 1: the paper's weight of the critic-feature residual (Schlegl 2019, Eq. 6 and 7).</summary>
    public const double PaperKappa = 1.0;

    public AdamOptions Adam { get; init; } = WganGpRecipe.Adam;

    [JsonIgnore] public ModelKind Kind => ModelKind.FAnoGan;

    public FAnoGanConfig Validate()
    {
        Gan.Validate();
        Adam.Validate();
        if (string.IsNullOrWhiteSpace(GanCheckpoint)) throw new ArgumentException("f-AnoGAN needs the WGAN-GP checkpoint it encodes");
        if (!(Kappa >= 0) || double.IsInfinity(Kappa)) throw new ArgumentException($"κ must be finite and 0 or more (got {Kappa})");
        return this;
    }
}

/// <summary>G and D of the encoded WGAN-GP, frozen; saved as the f-AnoGAN checkpoint's discriminator.bin so the
/// checkpoint holds everything scoring needs (state_dict keys generator.*, critic.*).</summary>
public sealed class FrozenGan : nn.Module
{
    private readonly DcGanGenerator generator;
    private readonly DcGanDiscriminator critic;

    public FrozenGan(DcGanGenerator generator, DcGanDiscriminator critic) : base(nameof(FrozenGan))
    {
        this.generator = generator;
        this.critic = critic;
        RegisterComponents();
        foreach (var p in parameters()) p.requires_grad = false;
    }

    public DcGanGenerator G => generator;
    public DcGanDiscriminator D => critic;
}

/// <summary>One image's f-AnoGAN or AnoGAN result: the score, its two terms, G's closest image and the per-pixel map.</summary>
public sealed record AnomalyResult(Tensor Score, Tensor ImageResidual, Tensor FeatureResidual, Tensor Reconstruction, Tensor Map) : IDisposable
{
    public void Dispose()
    {
        foreach (var t in new[] { Score, ImageResidual, FeatureResidual, Reconstruction, Map }) t.Dispose();
    }
}

/// <summary>
/// f-AnoGAN (Schlegl et al. 2019), the izi_f encoder training of §2.2.3: G and D of a WGAN-GP trained on healthy
/// images are frozen; an encoder E learns x → z so that G(E(x)) ≈ x:
///   L_izi_f(x) = (1/n)·‖x − G(E(x))‖² + κ·(1/n_d)·‖f(x) − f(G(E(x)))‖²   (Eq. 7; f = the critic's penultimate features)
/// The same quantity on a new image is its anomaly score A(x) (Eq. 8); the per-pixel map is |x − G(E(x))| (§2.3).
/// For the one trainer, E is the "generator" (generator.bin, EMA'd, deployed) and the frozen G and D are the
/// "discriminator" (discriminator.bin), never updated.
/// </summary>
public sealed class FAnoGan : IGan
{
    private readonly FAnoGanConfig config;
    private readonly DcGanEncoder encoder;
    private readonly FrozenGan frozen;
    private NamedOptimizer[]? optimizers;

    /// <param name="generator">The WGAN-GP's trained G.</param>
    /// <param name="critic">The WGAN-GP's trained critic D.</param>
    public FAnoGan(FAnoGanConfig config, DcGanGenerator generator, DcGanDiscriminator critic)
    {
        this.config = config.Validate();
        encoder = new DcGanEncoder(config.Gan.Model);
        frozen = new FrozenGan(generator, critic);
        frozen.eval();
    }

    public FAnoGanConfig Config => config;
    public IModelOptions Options => config;
    public DcGanEncoder Encoder => encoder;
    public FrozenGan Frozen => frozen;

    public nn.Module Generator => encoder;
    public nn.Module Discriminator => frozen;
    public nn.Module CreateGenerator() => new DcGanEncoder(config.Gan.Model);
    public IReadOnlyList<NamedOptimizer> Optimizers => optimizers ??= [NamedOptimizer.Adam("encoder", encoder, config.Adam)];

    public StepLosses Step(StepContext context)
    {
        var x = context.Batch(0).Images;
        frozen.eval();                                        // the trainer sets train(): G's batch norm must keep its statistics
        var optimizer = Optimizers[0].Optimizer;
        optimizer.zero_grad();
        var (loss, image, feature) = Terms(encoder, x);
        var mean = loss.mean();
        mean.backward();                                      // G and D have requires_grad = false: only E moves
        optimizer.step();
        return new StepLosses(null, mean, ("residual/image", image.mean()), ("residual/feature", feature.mean()));
    }

    /// <summary>A(x) per image [N], its terms, G(E(x)) and |x − G(E(x))|, with no gradients; E from <paramref name="trained"/>
    /// (this E or its EMA copy).</summary>
    public AnomalyResult Score(Tensor x, nn.Module? trained = null)
    {
        using var noGrad = no_grad();
        var e = (DcGanEncoder)(trained ?? encoder);
        bool wasTraining = e.training;
        e.eval();
        frozen.eval();
        var (loss, image, feature, reconstruction) = TermsWithImage(e, x);
        if (wasTraining) e.train();
        return new AnomalyResult(loss, image, feature, reconstruction, (x - reconstruction).abs());
    }

    private (Tensor Loss, Tensor Image, Tensor Feature) Terms(DcGanEncoder e, Tensor x)
    {
        var (loss, image, feature, _) = TermsWithImage(e, x);
        return (loss, image, feature);
    }

    private (Tensor Loss, Tensor Image, Tensor Feature, Tensor Reconstruction) TermsWithImage(DcGanEncoder e, Tensor x)
    {
        var reconstruction = frozen.G.call(e.call(x));
        var image = (x - reconstruction).square().flatten(1).mean(dimensions: [1]);                      // (1/n)‖x − G(E(x))‖²
        var feature = (frozen.D.Features(x) - frozen.D.Features(reconstruction)).square().mean(dimensions: [1]);  // (1/n_d)‖f(x) − f(·)‖²
        return (image + config.Kappa * feature, image, feature, reconstruction);
    }

    public void Dispose()
    {
        NamedOptimizer.DisposeAll(optimizers);
        encoder.Dispose();
        frozen.Dispose();
        GC.SuppressFinalize(this);
    }
}
