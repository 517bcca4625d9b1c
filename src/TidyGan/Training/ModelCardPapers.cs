using TidyGan.Gans;

namespace TidyGan.Training;

/// <summary>For each model kind: its name, the paper it follows, the reference code and the procedural differences
/// its own file documents; and what it is for. The settings' differences come from the training verb's table.</summary>
public static class ModelCardPapers
{
    public sealed record Paper(string Name, string Citation, string Url, string? ReferenceImplementation, IReadOnlyList<string> Notes);

    public static Paper Of(ModelKind kind, IModelOptions? options = null) => kind switch
    {
        ModelKind.DcGan => new("DC-GAN", "Radford, Metz & Chintala 2015, Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks",
            "https://arxiv.org/abs/1511.06434", "https://github.com/pytorch/examples/tree/main/dcgan",
            ["G's update reuses the fakes of D's step (one G forward per step), as pytorch/examples' dcgan/main.py does (Gans/DcGan.cs)."]),
        ModelKind.WganGp => new("WGAN-GP", "Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville 2017, Improved Training of Wasserstein GANs (Algorithm 1)",
            "https://arxiv.org/abs/1704.00028", "https://github.com/igul222/improved_wgan_training",
            ["Networks: the DC-GAN generator and a critic with layer normalisation instead of batch normalisation (Gans/WganGp.cs)."]),
        ModelKind.ConditionalGan => new("Conditional GAN", "Mirza & Osindero 2014, Conditional Generative Adversarial Nets",
            "https://arxiv.org/abs/1411.1784", null,
            [options is ConditionalGanConfig { Model.Projection: true }
                ? "DC-GAN networks conditioned on the class; the discriminator uses Miyato & Koyama 2018's projection (arXiv:1802.05637) instead of concatenation."
                : "DC-GAN networks (Radford 2015) conditioned on the class by concatenation; fakes are drawn for the real batch's classes (Gans/ConditionalGan.cs)."]),
        ModelKind.CycleGan => new("Cycle-GAN", "Zhu, Park, Isola & Efros 2017, Unpaired Image-to-Image Translation using Cycle-Consistent Adversarial Networks",
            "https://arxiv.org/abs/1703.10593", "https://github.com/junyanz/pytorch-CycleGAN-and-pix2pix",
            ["Update order: the reference's optimize_parameters updates G first and D second on the same fakes; TidyGan updates D first, so G answers the updated D (Gans/CycleGan.cs).",
             "Data: 2-D axial slices of head volumes on one field of view per domain (Wolterink 2017's MR → CT setting), not the reference's photographs."]),
        ModelKind.Segmentation => options is SegmentationConfig { Adaptation: not null }
            ? new("U-Net segmenter with adversarial domain adaptation", "Kamnitsas et al. 2017, Unsupervised domain adaptation in brain lesion segmentation with adversarial networks (segmenter: Ronneberger 2015's U-Net, scaled down)",
                "https://arxiv.org/abs/1612.08894", null,
                ["2-D U-Net on axial slices instead of the paper's 3-D multi-scale CNN; the domain discriminator reads the U-Net's feature maps (Gans/AdversarialSegmenter.cs)."])
            : new("U-Net segmenter", "Ronneberger, Fischer & Brox 2015, U-Net: Convolutional Networks for Biomedical Image Segmentation",
                "https://arxiv.org/abs/1505.04597", null,
                ["Scaled down (width and depth from the options), trained on Dice + cross-entropy (Nn/Segmentation/UNet2dOptions.cs)."]),
        ModelKind.PointGan => new("GAN / PacGAN on 2-D points", "Goodfellow et al. 2014, Generative Adversarial Nets; Lin et al. 2018, PacGAN",
            "https://arxiv.org/abs/1406.2661", null, []),
        ModelKind.UnrolledGan => new("Unrolled GAN", "Metz, Poole, Pfau & Sohl-Dickstein 2016, Unrolled Generative Adversarial Networks",
            "https://arxiv.org/abs/1611.02163", null, []),
        ModelKind.ConsensusGan => new("Consensus optimisation", "Mescheder, Nowozin & Geiger 2017, The Numerics of GANs",
            "https://arxiv.org/abs/1705.10461", null, []),
        _ => new(kind.Name(), "—", "—", null, []),
    };

    /// <summary>What the model is for, in one sentence, from its kind and data.</summary>
    public static string IntendedUse(ModelKind kind, IReadOnlyList<string> data) => kind switch
    {
        ModelKind.CycleGan => $"Research and teaching: unpaired translation between {data[0]} and {(data.Count > 1 ? data[1] : "the second domain")} slices (e.g. synthetic CT from MR) and the study of how such translations fail.",
        ModelKind.Segmentation => $"Research and teaching: segmenting slices like those of {string.Join(" and ", data)}, and studying how a segmenter transfers between domains.",
        _ => $"Research and teaching: sampling synthetic images like those of {string.Join(", ", data)}, and studying GAN training and its evaluation metrics.",
    };

    public const string NotForClinicalUse =
        "Not for clinical use. This model is not a medical device and has not been validated for diagnosis, treatment planning or " +
        "any decision about a patient; it learnt only from the data listed under training data, and its outputs can look plausible and be wrong.";

    public static IReadOnlyList<string> OutOfScope { get; } =
    [
        "diagnosis, treatment planning (e.g. dose calculation on synthetic CT) or any other clinical decision",
        "images from other scanners, sequences, anatomies, fields of view or intensity windows than the training data, without new validation",
        "synthetic images as evidence of a finding, or as training data for a clinical model, without checking them against real data",
    ];

    public const string License = "not stated (the TidyGan repository states no licence for trained weights; ask the owner of the training data)";
}
