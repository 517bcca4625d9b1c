using TidyGan.Data;
using System.Text.Json.Serialization;
using TidyGan.Nn.Segmentation;

namespace TidyGan.Gans;

/// <summary>
/// Everything a segmentation checkpoint needs without its training data: the U-Net, the data options (grid, slabs,
/// simulation seed), the labelled domain it learnt from and, for adaptation runs, the unlabelled target domain and
/// the adversarial options (null: plain supervised training).
/// </summary>
public sealed record SegmentationConfig(UNet2dOptions Model, HeadDomainOptions Data, string LabelledDomain,
    string? TargetDomain = null, AdaptationOptions? Adaptation = null) : IModelOptions
{
    /// <summary>Adam 1e-3, β1 0.9 for the segmenter and the domain discriminator.</summary>
    public AdamOptions Adam { get; init; } = new(LearningRate: 1e-3, Beta1: 0.9);

    [JsonIgnore] public ModelKind Kind => ModelKind.Segmentation;

    [JsonIgnore] public IReadOnlyList<string> ClassNames => HeadLabels.Names;
}
