using TidyGan.Gans;
using TidyGan.Data;

namespace TidyGan.Training;

/// <summary>The one place that maps a <see cref="ModelKind"/> to its options type and its GAN.</summary>
public static class ModelCatalog
{
    /// <summary>The typed options a checkpoint recorded, read without building the model (e.g. to resume).</summary>
    public static IModelOptions ReadOptions(CheckpointManifest manifest, string source) => manifest.Kind switch
    {
        ModelKind.DcGan => manifest.ReadModelOptions<DcGanConfig>(source, "DC-GAN"),
        ModelKind.ConditionalGan => manifest.ReadModelOptions<ConditionalGanConfig>(source, "C-GAN"),
        ModelKind.WganGp => manifest.ReadModelOptions<WganGpConfig>(source, "WGAN-GP"),
        ModelKind.CycleGan => manifest.ReadModelOptions<CycleGanConfig>(source, "Cycle-GAN"),
        ModelKind.Segmentation => manifest.ReadModelOptions<SegmentationConfig>(source, "segmentation"),
        ModelKind.PointGan => manifest.ReadModelOptions<PointGanConfig>(source, "point GAN"),
        ModelKind.UnrolledGan => manifest.ReadModelOptions<UnrolledGanConfig>(source, "Unrolled GAN"),
        ModelKind.ConsensusGan => manifest.ReadModelOptions<ConsensusGanConfig>(source, "consensus GAN"),
        ModelKind.Pix2Pix => manifest.ReadModelOptions<Pix2PixConfig>(source, "pix2pix"),
        ModelKind.Denoiser => manifest.ReadModelOptions<DenoiserConfig>(source, "denoiser"),
        ModelKind.FAnoGan => manifest.ReadModelOptions<FAnoGanConfig>(source, "f-AnoGAN"),
        _ => throw new CheckpointException(source, $"unknown model kind '{manifest.Kind.Name()}'"),
    };

    /// <summary>The GAN these options describe; with a <paramref name="seed"/>, its initial weights are drawn from it
    /// (torch's global RNG), so a run is repeatable.</summary>
    public static IGan Create(IModelOptions options, int? seed = null)
    {
        if (seed is { } s) TorchSharp.torch.manual_seed(s);
        return options switch
        {
            DcGanConfig c => new DcGan(c),
            ConditionalGanConfig c => new ConditionalGan(c),
            WganGpConfig c => new WganGp(c),
            CycleGanConfig c => new CycleGan(c),
            SegmentationConfig c => new AdversarialSegmenter(c),
            PointGanConfig c => new PointGan(c),
            UnrolledGanConfig c => new UnrolledGan(c),
            ConsensusGanConfig c => new ConsensusGan(c),
            Pix2PixConfig c => new Pix2Pix(c),
            DenoiserConfig c => c.Create(),                  // the WGAN arm's feature network is the trainer's to inject
            FAnoGanConfig c => FAnoGanLoader.Create(c),       // G and D from the WGAN-GP run it encodes
            _ => throw new ArgumentException($"no GAN for options of type {options.GetType().Name}"),
        };
    }
}
