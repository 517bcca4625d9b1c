using TidyGan.Data;
using System.Text.Json.Serialization;
using TidyGan.Nn.Segmentation;

namespace TidyGan.Gans;

/// <summary>
/// Everything a segmentation checkpoint needs without its training data: the U-Net, the data options (grid, slabs,
/// simulation seed), the labelled domain it learnt from and, for adaptation runs, the unlabelled target domain and
/// the adversarial options (null: plain supervised training). A run on cohorts also records them
/// (<see cref="LabelledCohort"/>, <see cref="TargetCohort"/>: name, path, modalities, subject split); the domain names are
/// then the cohort names and the classes are the label maps' (<see cref="UNet2dOptions.Classes"/>). Absent for the built-in
/// head domains, whose checkpoints are unchanged.
/// </summary>
public sealed record SegmentationConfig(UNet2dOptions Model, HeadDomainOptions Data, string LabelledDomain,
    string? TargetDomain = null, AdaptationOptions? Adaptation = null) : IModelOptions
{
    /// <summary>Adam 1e-3, β1 0.9 for the segmenter and the domain discriminator.</summary>
    public AdamOptions Adam { get; init; } = new(LearningRate: 1e-3, Beta1: 0.9);

    /// <summary>The labelled cohort (null: a built-in head domain).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public SegmentationCohort? LabelledCohort { get; init; }

    /// <summary>The unlabelled target cohort of an adaptation run (null: none, or a built-in target).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public SegmentationCohort? TargetCohort { get; init; }

    [JsonIgnore] public ModelKind Kind => ModelKind.Segmentation;

    [JsonIgnore] public IReadOnlyList<string> ClassNames =>
        LabelledCohort is null ? HeadLabels.Names : CohortLabelledSlices.ClassNames(Model.Classes);

    /// <summary>The run's data: its cohorts, or the built-in head domains.</summary>
    public ILabelledDomains Domains() => LabelledCohort is null ? new HeadDomains(Data)
        : new CohortDomains(LabelledCohort, TargetCohort, Data, Model.Classes);

    /// <summary>CT preparation for <c>segment predict</c>: true when the labelled cohort's modality is <c>ct</c>; null: decided from the input.</summary>
    [JsonIgnore] public bool? PredictAsCt => LabelledCohort?.Modality == "ct" ? true : null;
}
