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
}

/// <summary>CLI names of <see cref="AdversarialLossKind"/>: ns | minimax | lsgan | hinge | wgan-gp.</summary>
public static class AdversarialLossKinds
{
    private static readonly (string Name, AdversarialLossKind Kind)[] Names =
    {
        ("ns", AdversarialLossKind.NonSaturating),
        ("minimax", AdversarialLossKind.Minimax),
        ("lsgan", AdversarialLossKind.LeastSquares),
        ("hinge", AdversarialLossKind.Hinge),
        ("wgan-gp", AdversarialLossKind.WassersteinGp),
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
