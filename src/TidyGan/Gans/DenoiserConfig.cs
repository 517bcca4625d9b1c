using System.Text.Json.Serialization;
using TidyGan.Nn;
using TidyGan.Nn.CycleGan;

namespace TidyGan.Gans;

/// <summary>The three denoiser arms of issue 16, each trained by the one trainer; the generator is RED-CNN in all three, so
/// they differ only in their losses.</summary>
public enum DenoiserArm
{
    /// <summary>[mse] Voxel-wise MSE only (RED-CNN, Chen 2017; the "highest PSNR" arm of Wolterink 2017 and ldct-benchmark).</summary>
    [JsonStringEnumMemberName("mse")] Mse,
    /// <summary>[adversarial] Voxel-wise MSE + an adversarial loss (Wolterink 2017's combination).</summary>
    [JsonStringEnumMemberName("adversarial")] Adversarial,
    /// <summary>[wgan-perceptual] WGAN-GP critic + a perceptual loss (in the spirit of WGAN-VGG, Yang 2018).</summary>
    [JsonStringEnumMemberName("wgan-perceptual")] WganPerceptual,
}

/// <summary>
/// A denoiser's networks and loss weights. Paper: RED-CNN with 96 filters on whole 256 px slices (Chen 2017 trained on 55 px
/// patches; a fully convolutional network accepts either). The adversarial arm's D and the WGAN arm's critic are the 70×70
/// PatchGAN (instance norm: the gradient penalty is per sample, and batch statistics would mix the samples) on the denoised
/// image alone: Wolterink's D and WGAN-VGG's critic judge whether an image looks routine-dose, not whether it fits its input.
/// </summary>
public sealed record DenoiserOptions
{
    public DenoiserArm Arm { get; init; } = DenoiserArm.Mse;
    public int ImageSize { get; init; } = 256;

    /// <summary>RED-CNN's filters per layer (Chen 2017: 96).</summary>
    public int Width { get; init; } = 96;

    public int DiscriminatorWidth { get; init; } = 64;
    public int DiscriminatorLayers { get; init; } = 3;

    /// <summary>λ_adv of the adversarial arm: L_G = MSE + λ_adv·L_adv. 1e-3 is SRGAN's weight (Ledig 2017) and TidyGan's
    /// choice: Wolterink 2017's own weighting was not available to check here.</summary>
    public double AdversarialWeight { get; init; } = 1e-3;

    /// <summary>λ_p of the WGAN arm: L_G = −E[D(G(x))] + λ_p·perceptual (Yang 2018: λ1 = 0.1).</summary>
    public double PerceptualWeight { get; init; } = 0.1;

    /// <summary>λ_gp of the WGAN arm's gradient penalty (Gulrajani 2017, Yang 2018: 10).</summary>
    public double GradientPenaltyWeight { get; init; } = WganGpRecipe.PenaltyWeight;

    /// <summary>Critic updates per generator update in the WGAN arm (the WGAN-GP recipe's n_critic).</summary>
    public int CriticSteps { get; init; } = WganGpRecipe.CriticSteps;

    public static DenoiserOptions Paper { get; } = new();

    /// <summary>For 2 CPU cores: 64 px slices, 32 RED-CNN filters, a 32-filter 2-layer PatchGAN (34×34 px patches).</summary>
    public static DenoiserOptions Cpu { get; } = new() { ImageSize = 64, Width = 32, DiscriminatorWidth = 32, DiscriminatorLayers = 2 };

    /// <summary>The PatchGAN's options (1 channel, instance norm).</summary>
    public CycleGanOptions Discriminator => new()
    {
        ImageSize = ImageSize, DiscriminatorWidth = DiscriminatorWidth, DiscriminatorLayers = DiscriminatorLayers, PoolSize = 0,
    };

    public DenoiserOptions Validate()
    {
        if (ImageSize <= 20) throw new ArgumentException($"denoiser: RED-CNN needs images larger than 20 px (got {ImageSize})");
        if (Width < 1) throw new ArgumentException($"denoiser: width must be positive (got {Width})");
        if (!(AdversarialWeight >= 0) || !(PerceptualWeight >= 0) || !(GradientPenaltyWeight >= 0))
            throw new ArgumentException("denoiser: loss weights must be ≥ 0");
        if (CriticSteps < 1) throw new ArgumentException($"denoiser: critic steps must be at least 1 (got {CriticSteps})");
        if (Arm != DenoiserArm.Mse)
            try { Discriminator.Validate(); }
            catch (ArgumentException e) { throw new ArgumentException(e.Message.Replace("Cycle-GAN:", "denoiser:"), e); }
        return this;
    }
}

/// <summary>
/// Everything a denoiser checkpoint needs. Adam per arm: MSE 1e-4, β (0.9, 0.999) (Chen 2017's rate); adversarial 2e-4,
/// β1 0.5 (the DC-GAN/pix2pix setting, TidyGan's choice); WGAN: the WGAN-GP recipe's 1e-4, β (0, 0.9). PerceptualNetwork:
/// the domain feature network folder the WGAN arm's perceptual loss used (and its SHA-256 version), recorded so a resumed run
/// loads the same one; VGG weights are not available here.
/// </summary>
public sealed record DenoiserConfig(DenoiserOptions Model, PairedDomains Data, string? PerceptualNetwork = null, string? PerceptualVersion = null) : IPairedOptions
{
    public AdamOptions Adam { get; init; } = AdamFor(Model.Arm);

    [JsonIgnore] public ModelKind Kind => ModelKind.Denoiser;

    public static AdamOptions AdamFor(DenoiserArm arm) => arm switch
    {
        DenoiserArm.Mse => new AdamOptions(1e-4, 0.9, 0.999),
        DenoiserArm.Adversarial => AdamOptions.Paper,
        _ => WganGpRecipe.Adam,
    };

    public DenoiserConfig Validate()
    {
        Model.Validate();
        Adam.Validate();
        Data.Validate();
        return this;
    }

    /// <summary>The arm's GAN; <paramref name="perceptual"/> is the WGAN arm's frozen feature network (null: it can translate but not train).</summary>
    public Denoiser Create(ImageClassifier? perceptual = null) => Model.Arm switch
    {
        DenoiserArm.Mse => new DenoiserMse(this),
        DenoiserArm.Adversarial => new DenoiserAdversarial(this),
        DenoiserArm.WganPerceptual => new DenoiserWganPerceptual(this, perceptual),
        _ => throw new InvalidOperationException($"unknown denoiser arm {Model.Arm}"),
    };
}
