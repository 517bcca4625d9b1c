using System.Reflection;
using System.Text.Json.Serialization;

namespace TidyGan.Gans;

/// <summary>Every kind of model TidyGan trains; the name in brackets is the one checkpoints and the CLI use.</summary>
public enum ModelKind
{
    /// <summary>[dcgan] DC-GAN (Radford 2015).</summary>
    [JsonStringEnumMemberName("dcgan")] DcGan,
    /// <summary>[cgan] Conditional GAN (Mirza 2014).</summary>
    [JsonStringEnumMemberName("cgan")] ConditionalGan,
    /// <summary>[wgan-gp] WGAN-GP (Gulrajani 2017) on the DC-GAN networks.</summary>
    [JsonStringEnumMemberName("wgan-gp")] WganGp,
    /// <summary>[cyclegan] Cycle-GAN (Zhu 2017).</summary>
    [JsonStringEnumMemberName("cyclegan")] CycleGan,
    /// <summary>[segmentation] U-Net segmenter, optionally adapted adversarially (Kamnitsas 2017).</summary>
    [JsonStringEnumMemberName("segmentation")] Segmentation,
    /// <summary>[point-gan] GAN / PacGAN on 2-D points.</summary>
    [JsonStringEnumMemberName("point-gan")] PointGan,
    /// <summary>[unrolled-gan] Unrolled GAN (Metz 2016) on 2-D points.</summary>
    [JsonStringEnumMemberName("unrolled-gan")] UnrolledGan,
    /// <summary>[consensus-gan] Consensus optimisation (Mescheder 2017) on 2-D points.</summary>
    [JsonStringEnumMemberName("consensus-gan")] ConsensusGan,
    /// <summary>[pix2pix] pix2pix (Isola 2017) on aligned image pairs.</summary>
    [JsonStringEnumMemberName("pix2pix")] Pix2Pix,
    /// <summary>[denoiser] A paired denoiser: RED-CNN with MSE, + adversarial (Wolterink 2017), or WGAN + perceptual (Yang 2018).</summary>
    [JsonStringEnumMemberName("denoiser")] Denoiser,
    /// <summary>[fanogan] f-AnoGAN's izi_f encoder (Schlegl 2019) on a trained WGAN-GP: anomaly detection.</summary>
    [JsonStringEnumMemberName("fanogan")] FAnoGan,
}

/// <summary>A GAN's resolved options: all a checkpoint needs to rebuild it. Each GAN has its own typed record.</summary>
public interface IModelOptions
{
    [JsonIgnore]
    ModelKind Kind { get; }
}

public static class ModelKinds
{
    /// <summary>The name checkpoints and messages use ("dcgan", "cgan", ...): the member's JSON name above.</summary>
    public static string Name(this ModelKind kind) =>
        typeof(ModelKind).GetField(kind.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? kind.ToString();
}
