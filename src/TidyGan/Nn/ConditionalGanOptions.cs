namespace TidyGan.Nn;

/// <summary>
/// Conditional GAN (Mirza &amp; Osindero 2014) on the DC-GAN architecture.
/// </summary>
/// <param name="Base">The DC-GAN the conditional models are built on (size, channels, widths, latent).</param>
/// <param name="ClassCount">Number of classes; labels are int64 in [0, ClassCount).</param>
/// <param name="EmbeddingDim">Length of the generator's learned label embedding, concatenated to z.</param>
/// <param name="Projection">
/// Discriminator conditioning. false (default, Mirza 2014): the one-hot label is broadcast to H×W and
/// concatenated to the image as ClassCount extra input channels. true: projection discriminator
/// (Miyato &amp; Koyama 2018), logit = ψ(φ(x)) + ⟨embed(y), sum-pool φ(x)⟩.
/// </param>
public sealed record ConditionalGanOptions(
    DcGanOptions Base,
    int ClassCount,
    int EmbeddingDim = 50,
    bool Projection = false)
{
    /// <summary>Fashion-MNIST: 28×28 grey-level, 10 classes.</summary>
    public static ConditionalGanOptions FashionMnist { get; } = new(DcGanOptions.Mnist, ClassCount: 10);

    /// <summary>Throws <see cref="ArgumentException"/> with a clear message when the options describe no model.</summary>
    public ConditionalGanOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Base);
        Base.Validate();
        if (ClassCount < 1) throw new ArgumentException($"ClassCount must be ≥ 1, got {ClassCount}.", nameof(ClassCount));
        if (EmbeddingDim < 1) throw new ArgumentException($"EmbeddingDim must be ≥ 1, got {EmbeddingDim}.", nameof(EmbeddingDim));
        return this;
    }
}
