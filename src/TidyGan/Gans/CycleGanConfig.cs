using System.Text.Json.Serialization;
using TidyGan.Data;
using TidyGan.Losses;
using TidyGan.Nn.CycleGan;

namespace TidyGan.Gans;

/// <summary>
/// Everything a Cycle-GAN checkpoint needs to be used without its training data: the architecture, the
/// adversarial loss and, for each domain, its name, intensity window (HU for CT) and slice geometry, so
/// `translate` can resample a new volume onto the training grid and write HU back out. MaxDepthMm: the training
/// slices were limited to this depth below the vertex (null: the whole head), so evaluation can use the same range.
/// </summary>
public sealed record CycleGanConfig(CycleGanOptions Model, AdversarialLossKind Loss, DataDescription DomainA, DataDescription DomainB,
    double FieldOfViewMm, double GradientPenaltyWeight = WganGpRecipe.PenaltyWeight, double? MaxDepthMm = null) : IModelOptions
{
    /// <summary>The reference's Adam: 2e-4, β = (0.5, 0.999), one for both generators and one for both discriminators.</summary>
    public AdamOptions Adam { get; init; } = AdamOptions.Paper;

    /// <summary>Discriminator updates per generator update (1, as the reference; WGAN-GP's recipe: 5).</summary>
    public int CriticSteps { get; init; } = 1;

    [JsonIgnore] public ModelKind Kind => ModelKind.CycleGan;

    /// <summary>The MR intensity rule of the run (recorded in the MR domain's <see cref="DataDescription.Preprocessing"/>;
    /// <see cref="Data.MrIntensity.PercentileVolume"/> for runs that recorded none).</summary>
    [JsonIgnore]
    public MrIntensity MrIntensity => DomainA.IntensityUnit != "HU" ? DomainA.MrIntensity : DomainB.MrIntensity;

    /// <summary>The options both domains were sliced with (a depth limit other than the training one for evaluation).</summary>
    public DatasetOptions SliceOptions(double? maxDepthMm) => UnpairedSlices.Options(Model.ImageSize, FieldOfViewMm, maxDepthMm, MrIntensity);

    /// <summary>With <c>--loss wgan-gp</c>, WGAN-GP's recipe (n_critic, Adam, λ); PatchGAN already normalises per instance, not per batch.</summary>
    public CycleGanConfig WithLossRecipe() => Loss == AdversarialLossKind.WassersteinGp
        ? this with { CriticSteps = WganGpRecipe.CriticSteps, Adam = WganGpRecipe.Adam, GradientPenaltyWeight = WganGpRecipe.PenaltyWeight }
        : this;

    public CycleGanConfig Validate()
    {
        Model.Validate();
        Adam.Validate();
        if (CriticSteps < 1) throw new ArgumentException($"critic steps must be at least 1 (got {CriticSteps})");
        if (!(FieldOfViewMm > 0)) throw new ArgumentException($"field of view must be positive (got {FieldOfViewMm} mm)");
        return this;
    }
}
