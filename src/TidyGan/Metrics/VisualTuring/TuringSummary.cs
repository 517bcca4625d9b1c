namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// Everything the visual Turing test reports: the pooled row (<paramref name="Overall"/>: all answers of all
/// raters together, which are not independent observations), one row per rater (ordinal order of names),
/// Cohen's κ for every pair of raters (A before B in that order) and Fleiss' κ over the items every rater
/// answered (null with fewer than 2 raters or no such item).
/// </summary>
public sealed record TuringSummary(RaterStatistics Overall, IReadOnlyList<RaterStatistics> PerRater,
                                   IReadOnlyList<PairAgreement> CohenKappas, FleissKappa? Fleiss);
