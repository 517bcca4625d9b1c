namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// One rater's judgement of one image in a visual Turing test: the truth (<paramref name="IsSynthetic"/>),
/// the call (<paramref name="CalledSynthetic"/>), how sure the rater was (1 = guess … 5 = certain) and how long
/// the image was on screen.
/// </summary>
/// <param name="Rater">the rater's name (answers are grouped by it, ordinal comparison).</param>
/// <param name="ItemId">the study item (same id = same image for every rater).</param>
/// <param name="IsSynthetic">true when the image came from the generator.</param>
/// <param name="CalledSynthetic">true when the rater answered "Synthetic".</param>
/// <param name="Confidence">1 (guess) … 5 (certain).</param>
/// <param name="Seconds">time spent on the image, ≥ 0.</param>
public sealed record TuringAnswer(string Rater, string ItemId, bool IsSynthetic, bool CalledSynthetic,
                                  int Confidence, double Seconds)
{
    /// <summary>The rater called the image what it is.</summary>
    public bool Correct => IsSynthetic == CalledSynthetic;

    /// <summary>
    /// The answer as one ordered rating for ROC analysis: +confidence when called synthetic, −confidence when
    /// called real, so −5 (surely real) … +5 (surely synthetic): ten levels.
    /// </summary>
    public int SyntheticScore => CalledSynthetic ? Confidence : -Confidence;
}
