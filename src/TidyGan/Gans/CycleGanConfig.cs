using TidyGan.Losses;
using TidyGan.Nn.CycleGan;
using TidyGan.Training;

namespace TidyGan.Gans;

/// <summary>
/// Everything a Cycle-GAN checkpoint needs to be used without its training data: the architecture, the
/// adversarial loss and, for each domain, its name, intensity window (HU for CT) and slice geometry, so
/// `translate` can resample a new volume onto the training grid and write HU back out. MaxDepthMm: the training
/// slices were limited to this depth below the vertex (null: the whole head), so evaluation can use the same range.
/// </summary>
public sealed record CycleGanConfig(CycleGanOptions Model, AdversarialLossKind Loss, DataDescription DomainA, DataDescription DomainB,
    double FieldOfViewMm, double GradientPenaltyWeight = 10, double? MaxDepthMm = null);
