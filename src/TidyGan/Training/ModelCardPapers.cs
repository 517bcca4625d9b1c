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
        ModelKind.Pix2Pix => new("pix2pix", "Isola, Zhu, Zhou & Efros 2017, Image-to-Image Translation with Conditional Adversarial Networks",
            "https://arxiv.org/abs/1611.07004", "https://github.com/junyanz/pytorch-CycleGAN-and-pix2pix",
            ["Evaluation runs G in eval mode (no dropout, batch norm's running statistics), so outputs are repeatable; the paper keeps dropout and test-batch statistics at test time (Gans/Pix2Pix.cs).",
             "Data: 2-D axial slices of two aligned volumes on one grid, not the reference's photographs."]),
        ModelKind.Denoiser => options is DenoiserConfig { Model.Arm: var arm } ? arm switch
        {
            DenoiserArm.Adversarial => new("Voxel-wise + adversarial denoiser", "Wolterink, Leiner, Viergever & Išgum 2017, Generative Adversarial Networks for Noise Reduction in Low-Dose CT",
                "https://doi.org/10.1109/TMI.2017.2708987", null,
                ["2-D RED-CNN generator and a PatchGAN discriminator instead of the paper's 3-D networks; λ_adv is TidyGan's choice (Gans/DenoiserAdversarial.cs)."]),
            DenoiserArm.WganPerceptual => new("WGAN + perceptual denoiser", "Yang et al. 2018, Low Dose CT Image Denoising Using a Generative Adversarial Network with Wasserstein Distance and Perceptual Loss",
                "https://arxiv.org/abs/1708.00961", null,
                ["The perceptual features come from TidyGan's CT domain encoder, not VGG-19 (whose weights are not available); RED-CNN generator and PatchGAN critic (Gans/DenoiserWganPerceptual.cs)."]),
            _ => new("RED-CNN (MSE)", "Chen et al. 2017, Low-Dose CT with a Residual Encoder-Decoder Convolutional Neural Network",
                "https://arxiv.org/abs/1702.00288", "https://github.com/eeulig/ldct-benchmark",
                ["Trained on whole slices instead of 55 px patches (Gans/DenoiserMse.cs)."]),
        } : new("Denoiser", "—", "—", null, []),
        ModelKind.FAnoGan => new("f-AnoGAN encoder (izi_f)", "Schlegl, Seeböck, Waldstein, Langs & Schmidt-Erfurth 2019, f-AnoGAN: Fast unsupervised anomaly detection with generative adversarial networks",
            "https://doi.org/10.1016/j.media.2019.01.010", "https://github.com/tSchlegl/f-AnoGAN",
            ["The encoded GAN is TidyGan's WGAN-GP on the DC-GAN networks; z ~ N(0, I), so E's last layer is linear instead of tanh (Gans/FAnoGan.cs, Nn/DcGanEncoder.cs)."]),
        _ => new(kind.Name(), "—", "—", null, []),
    };

    /// <summary>What the model is for, in one sentence, from its kind and data.</summary>
    public static string IntendedUse(ModelKind kind, IReadOnlyList<string> data) => kind switch
    {
        ModelKind.CycleGan => $"Research and teaching: unpaired translation between {data[0]} and {(data.Count > 1 ? data[1] : "the second domain")} slices (e.g. synthetic CT from MR) and the study of how such translations fail.",
        ModelKind.Pix2Pix or ModelKind.Denoiser => $"Research and teaching: paired translation of {data[0]} slices to {(data.Count > 1 ? data[1] : "the target")} (e.g. low-dose to full-dose CT), and the study of what such models change or make up.",
        ModelKind.FAnoGan => $"Research and teaching: anomaly scores and maps for slices like those of {string.Join(", ", data)} (what a GAN of healthy slices cannot reproduce), and the study of such detectors.",
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
