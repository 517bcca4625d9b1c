namespace TidyGan.Losses;

/// <summary>The adversarial objectives TidyGan trains with; CLI names in brackets.</summary>
public enum AdversarialLossKind
{
    /// <summary>[ns] Goodfellow 2014's practical generator loss −log D(G(z)); the default.</summary>
    NonSaturating,
    /// <summary>[minimax] The original saturating game: G minimises log(1 − D(G(z))).</summary>
    Minimax,
    /// <summary>[lsgan] Least squares (Mao et al. 2017), a = 0, b = c = 1.</summary>
    LeastSquares,
    /// <summary>[hinge] Hinge loss (Lim &amp; Ye 2017; Miyato et al. 2018).</summary>
    Hinge,
    /// <summary>[wgan-gp] Wasserstein critic with gradient penalty (Gulrajani et al. 2017).</summary>
    WassersteinGp,
    /// <summary>[f:kl] f-GAN (Nowozin 2016) minimising KL(P‖Q); see <see cref="FDivergence"/>.</summary>
    FKullbackLeibler,
    /// <summary>[f:rkl] f-GAN minimising the reverse KL, KL(Q‖P).</summary>
    FReverseKullbackLeibler,
    /// <summary>[f:pearson] f-GAN minimising Pearson χ².</summary>
    FPearson,
    /// <summary>[f:hellinger] f-GAN minimising the squared Hellinger distance.</summary>
    FSquaredHellinger,
    /// <summary>[f:js] f-GAN minimising the Jensen–Shannon divergence (the paper's f: 2·JSD).</summary>
    FJensenShannon,
    /// <summary>[f:gan] f-GAN with the GAN divergence 2·JSD − log 4 (saddle objective = the minimax game).</summary>
    FGan,
}

/// <summary>CLI names of <see cref="AdversarialLossKind"/>: ns | minimax | lsgan | hinge | wgan-gp | f:kl | f:rkl | f:pearson | f:hellinger | f:js | f:gan.</summary>
public static class AdversarialLossKinds
{
    private static readonly (string Name, AdversarialLossKind Kind)[] Names =
    {
        ("ns", AdversarialLossKind.NonSaturating),
        ("minimax", AdversarialLossKind.Minimax),
        ("lsgan", AdversarialLossKind.LeastSquares),
        ("hinge", AdversarialLossKind.Hinge),
        ("wgan-gp", AdversarialLossKind.WassersteinGp),
        ("f:kl", AdversarialLossKind.FKullbackLeibler),
        ("f:rkl", AdversarialLossKind.FReverseKullbackLeibler),
        ("f:pearson", AdversarialLossKind.FPearson),
        ("f:hellinger", AdversarialLossKind.FSquaredHellinger),
        ("f:js", AdversarialLossKind.FJensenShannon),
        ("f:gan", AdversarialLossKind.FGan),
    };

    /// <summary>All CLI names, in declaration order.</summary>
    public static IReadOnlyList<string> CliNames { get; } = Names.Select(n => n.Name).ToArray();

    /// <summary>Parses a CLI name (case-insensitive; also accepts the enum member's name).</summary>
    public static bool TryParse(string? text, out AdversarialLossKind kind)
    {
        var t = text?.Trim() ?? "";
        foreach (var (name, k) in Names)
        {
            if (string.Equals(t, name, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(t, k.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>Parses a CLI name; throws <see cref="ArgumentException"/> listing the valid names.</summary>
    public static AdversarialLossKind Parse(string text) =>
        TryParse(text, out var kind)
            ? kind
            : throw new ArgumentException(
                $"Unknown adversarial loss '{text}'. Use one of: {string.Join(", ", CliNames)}.", nameof(text));

    /// <summary>The CLI name of <paramref name="kind"/>.</summary>
    public static string ToCliName(this AdversarialLossKind kind) =>
        Array.Find(Names, n => n.Kind == kind).Name ?? throw new ArgumentOutOfRangeException(nameof(kind));
}
