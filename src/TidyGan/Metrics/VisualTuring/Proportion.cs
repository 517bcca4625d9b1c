namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// A proportion <c>Successes / Trials</c> with its Wilson score 95% interval. With no trials there is nothing to
/// estimate: Value = 0 and the interval is the whole range [0, 1] (never NaN, so summaries serialise and print
/// cleanly); check <see cref="Trials"/> before reading <see cref="Value"/>.
/// </summary>
public sealed record Proportion(int Successes, int Trials, double Value, double Lower, double Upper)
{
    /// <summary>k of n with the Wilson 95% interval (see <see cref="Wilson.Interval"/>).</summary>
    public static Proportion Of(int successes, int trials)
    {
        var (lower, upper) = Wilson.Interval(successes, trials);
        return new Proportion(successes, trials, trials == 0 ? 0 : (double)successes / trials, lower, upper);
    }
}
