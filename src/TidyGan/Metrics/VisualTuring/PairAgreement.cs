namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// Cohen's κ between raters <paramref name="A"/> and <paramref name="B"/> on their real/synthetic calls over the
/// <paramref name="Items"/> images both answered. <paramref name="Kappa"/> is NaN when κ is undefined: no common
/// items, or chance agreement p_e = 1 (both raters gave one and the same answer to everything, so κ = 0/0);
/// <see cref="IsDefined"/> says which. Note that System.Text.Json refuses NaN unless
/// JsonNumberHandling.AllowNamedFloatingPointLiterals is set.
/// </summary>
public sealed record PairAgreement(string A, string B, int Items, double Kappa)
{
    /// <summary>Observed agreement p_o: the share of common items both called the same (0 with no common items).</summary>
    public double ObservedAgreement { get; init; }

    /// <summary>False when κ is NaN (no common items, or p_e = 1).</summary>
    public bool IsDefined => !double.IsNaN(Kappa);
}
