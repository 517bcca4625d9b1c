namespace TidyGan.Nn;

/// <summary>Normalisation of the discriminator's hidden layers.</summary>
public enum DiscriminatorNorm
{
    /// <summary>DC-GAN's choice.</summary>
    BatchNorm,

    /// <summary>Per-sample normalisation over channels and pixels (GroupNorm with one group): for WGAN-GP critics.</summary>
    LayerNorm,
}
