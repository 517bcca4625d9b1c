using System.Text.Json.Serialization;
using TidyGan.Data.CtPhysics;
using TidyGan.Metrics.ImageMetrics;

namespace TidyGan.Experiments.LowDose;

/// <summary>The arms of the low-dose experiment: the unprocessed low-dose FBP, three denoisers and pix2pix.</summary>
public enum LowDoseArm
{
    /// <summary>[low-dose-fbp] The low-dose reconstruction itself: the floor every denoiser must beat.</summary>
    [JsonStringEnumMemberName("low-dose-fbp")] LowDoseFbp,
    /// <summary>[mse] RED-CNN with voxel-wise MSE only.</summary>
    [JsonStringEnumMemberName("mse")] Mse,
    /// <summary>[adversarial] RED-CNN with MSE + adversarial loss (Wolterink 2017).</summary>
    [JsonStringEnumMemberName("adversarial")] Adversarial,
    /// <summary>[wgan-perceptual] RED-CNN with WGAN-GP + perceptual loss (in the spirit of WGAN-VGG, Yang 2018).</summary>
    [JsonStringEnumMemberName("wgan-perceptual")] WganPerceptual,
    /// <summary>[pix2pix] U-Net + conditional PatchGAN + L1 (Isola 2017).</summary>
    [JsonStringEnumMemberName("pix2pix")] Pix2Pix,
}

/// <summary>Axial slices Start (inclusive) to End (exclusive).</summary>
public sealed record SliceRange(int Start, int End)
{
    public int Count => End - Start;
    public override string ToString() => $"{Start}–{End - 1}";
}

/// <summary>
/// The low-dose CT experiment (issue 16) on the real head CT (InVesalius Cranium, 108 axial slices of 256² px at 0.957 mm).
/// Training and test slices are disjoint slabs with a gap between them, so no test slice's neighbour was seen in training.
/// Denoisers train on random square patches of the training slab at native resolution (noise texture is a native-
/// resolution property; resizing would average it away) and denoise whole test slices, being fully convolutional.
/// </summary>
public sealed record LowDoseExperimentOptions
{
    public IReadOnlyList<double> Doses { get; init; } = [0.25, 0.1];
    public IReadOnlyList<int> Seeds { get; init; } = [1, 2, 3];
    public IReadOnlyList<LowDoseArm> Arms { get; init; } = Enum.GetValues<LowDoseArm>();
    public SliceRange TrainSlices { get; init; } = new(0, 58);

    /// <summary>The test slab, where the brain is largest; a 6-slice (9 mm) gap separates it from the training slab.</summary>
    public SliceRange TestSlices { get; init; } = new(64, 96);
    public int PatchSize { get; init; } = 64;
    public int Patches { get; init; } = 2048;
    public long Steps { get; init; } = 600;
    public int BatchSize { get; init; } = 8;

    /// <summary>RED-CNN filters per layer (Chen 2017: 96; 32 for two CPU cores).</summary>
    public int DenoiserWidth { get; init; } = 32;

    /// <summary>The scan: fan beam, 360 views, σ_e 10 counts, and I₀ = 1e6 photons per ray at full dose rather than the
    /// simulator's default 1e5: head protocols use several times a body scan's tube current–time product, and at 1e5 this
    /// simulation's full-dose noise on 0.96-mm pixels is ~27 HU (measured), twice what thin-slice clinical head CT shows.
    /// The full-dose image gets its own noise at d = 1, so the full-dose noise texture the GAN arms should imitate exists.</summary>
    public LowDoseOptions Scan { get; init; } = LowDoseOptions.Default with { NoisyFullDose = true, IncidentPhotons = 1e6 };

    public LesionOptions Lesions { get; init; } = new();

    /// <summary>Lesions are the same for every seed and dose, so arms and seeds are scored on the same lesions.</summary>
    public int LesionSeed { get; init; } = 0;
    public HallucinationRule Hallucination { get; init; } = HallucinationRule.Default;

    /// <summary>ROI side of the noise power spectrum, px.</summary>
    public int NpsRoi { get; init; } = 32;

    /// <summary>Soft tissue for the HU histogram distance (brain parenchyma, CSF, blood).</summary>
    public double SoftTissueLowHu { get; init; } = -30;
    public double SoftTissueHighHu { get; init; } = 100;

    public LowDoseExperimentOptions Validate()
    {
        if (Doses.Count == 0 || Doses.Any(d => !(d > 0 && d < 1))) throw new ArgumentException("doses must be fractions in (0, 1)");
        if (Seeds.Count == 0) throw new ArgumentException("give at least one seed");
        if (Arms.Count == 0) throw new ArgumentException("give at least one arm");
        if (TrainSlices.Start < 0 || TrainSlices.End <= TrainSlices.Start || TestSlices.End <= TestSlices.Start)
            throw new ArgumentException($"slabs must be non-empty (train {TrainSlices}, test {TestSlices})");
        if (TrainSlices.End > TestSlices.Start && TestSlices.End > TrainSlices.Start)
            throw new ArgumentException($"the training slab {TrainSlices} and the test slab {TestSlices} overlap");
        if (PatchSize < 32 || PatchSize % 16 != 0) throw new ArgumentException($"patch size must be a multiple of 16, at least 32 (got {PatchSize})");
        if (Patches < BatchSize || Steps < 1 || BatchSize < 1) throw new ArgumentException("need steps ≥ 1 and at least one batch of patches");
        Scan.Validate();
        return this;
    }
}
