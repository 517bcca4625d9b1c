namespace TidyGan.Experiments.Modes;

/// <summary>The training methods compared on the mixtures; CLI names in brackets.</summary>
public enum ModeMethod
{
    /// <summary>[ns] GAN with the non-saturating generator loss (Goodfellow 2014).</summary>
    NonSaturating,
    /// <summary>[minimax] GAN with the original saturating loss log(1 − D(G(z))).</summary>
    Minimax,
    /// <summary>[wgan-gp] Wasserstein critic with gradient penalty (Gulrajani 2017).</summary>
    WganGp,
    /// <summary>[unrolled] Unrolled GAN (Metz 2016), k = 5.</summary>
    Unrolled,
    /// <summary>[pacgan2] PacGAN (Lin 2018), D sees 2 samples at once.</summary>
    PacGan2,
    /// <summary>[pacgan4] PacGAN, D sees 4 samples at once.</summary>
    PacGan4,
    /// <summary>[consensus] Consensus optimisation (Mescheder 2017), γ = 10.</summary>
    Consensus,
}

/// <summary>CLI names of <see cref="ModeMethod"/>.</summary>
public static class ModeMethods
{
    private static readonly (string Name, ModeMethod Method)[] Names =
    [
        ("ns", ModeMethod.NonSaturating), ("minimax", ModeMethod.Minimax), ("wgan-gp", ModeMethod.WganGp),
        ("unrolled", ModeMethod.Unrolled), ("pacgan2", ModeMethod.PacGan2), ("pacgan4", ModeMethod.PacGan4),
        ("consensus", ModeMethod.Consensus),
    ];

    public static IReadOnlyList<string> CliNames { get; } = Names.Select(n => n.Name).ToArray();

    public static IReadOnlyList<ModeMethod> All { get; } = Names.Select(n => n.Method).ToArray();

    public static string ToCliName(this ModeMethod method) => Array.Find(Names, n => n.Method == method).Name;

    /// <summary>Parses "ns", "pacgan2", ... or "all"; a comma-separated list is accepted too.</summary>
    public static IReadOnlyList<ModeMethod> Parse(string text)
    {
        var result = new List<ModeMethod>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("all", StringComparison.OrdinalIgnoreCase)) { result.AddRange(All); continue; }
            var match = Array.FindIndex(Names, n => n.Name.Equals(part, StringComparison.OrdinalIgnoreCase));
            if (match < 0) throw new ArgumentException($"unknown method '{part}' for --method; use one of: {string.Join(", ", CliNames)}, all");
            result.Add(Names[match].Method);
        }
        if (result.Count == 0) throw new ArgumentException("--method is empty; use one of: " + string.Join(", ", CliNames) + ", all");
        return result.Distinct().ToList();
    }

    /// <summary>How many samples D judges at once.</summary>
    public static int Packing(this ModeMethod method) => method switch
    {
        ModeMethod.PacGan2 => 2,
        ModeMethod.PacGan4 => 4,
        _ => 1,
    };
}
