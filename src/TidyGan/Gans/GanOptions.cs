using TidyGan.Losses;

namespace TidyGan.Gans;

/// <summary>A model's architecture options plus its adversarial loss: everything needed to rebuild it from a checkpoint.</summary>
public sealed record GanOptions<TModel>(TModel Model, AdversarialLossKind Loss, double GradientPenaltyWeight = 10);
