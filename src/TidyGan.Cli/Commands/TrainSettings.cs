using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TidyGan.Cli.Commands;

/// <summary>Flags shared by every `tidygan train` model; each maps onto an options record field.</summary>
public class TrainSettings : RunFolderSettings
{
    [CommandOption("--data <NAME>")]
    [Description("fashion-mnist, ct-head, mr-head, folder:PATH or nifti:PATH")]
    public string? Data { get; init; }

    [CommandOption("--size <PIXELS>")]
    [Description("Image size b·2^k with b in {4, 7}: 28, 32, 56, 64, 128 (default 64; 28 for fashion-mnist)")]
    public int? Size { get; init; }



    [CommandOption("--loss <LOSS>")]
    [Description("ns (non-saturating, default), minimax, lsgan, hinge, wgan-gp, or an f-GAN divergence (Nowozin 2016): f:kl, f:rkl, f:pearson, f:hellinger, f:js, f:gan")]
    public string? Loss { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("paper (64 filters) or cpu (32 filters, shorter run; default)")]
    public string Preset { get; init; } = "cpu";

    [CommandOption("--width <W>")]
    [Description("Filters of the first/last conv layer of G and D (paper: 64)")]
    public int? Width { get; init; }


    [CommandOption("--critic-steps <N>")]
    [Description("D updates per G update (default 1; 5 is usual for wgan-gp)")]
    public int? CriticSteps { get; init; }

    [CommandOption("--ema <DECAY>")]
    [Description("Keep an exponential moving average of G with this decay (e.g. 0.999); samples then come from it")]
    public double? Ema { get; init; }

    [CommandOption("--schedule <KIND>")]
    [Description("Learning-rate schedule: constant (default), linear (decay to 0 over the second half), cosine")]
    public string? Schedule { get; init; }

    [CommandOption("--projection")]
    [Description("cgan only: projection discriminator (Miyato 2018) instead of label channels at D's input")]
    public bool Projection { get; init; }

    [CommandOption("--augment")]
    [Description("Augment real images: random flips, rotation ±10°, scale 0.9–1.1, shift ±4 px (seeded, reproducible on resume)")]
    public bool Augment { get; init; }

    [CommandOption("--flip")]
    [Description("Random horizontal flips of the real images")]
    public bool Flip { get; init; }

    [CommandOption("--mr-intensity <RULE>")]
    [Description("MR volumes (mr-head, nifti:PATH, cohort MR): percentile-volume (default: 0.5/99.5th percentiles of the whole volume), percentile (inside the head mask) or zscore (mean ± 3 SD inside the head mask); recorded in the run")]
    public string? MrIntensity { get; init; }

    [CommandOption("--fov <MM>")]
    [Description("Volumes: a fixed square field of view (mm) centred on each head, resampled to --size, so every subject of a cohort gets one pixel spacing (default: each slice's head box plus a margin); recorded in the run")]
    public double? FieldOfViewMm { get; init; }

    [CommandOption("--limit <N>")]
    [Description("Use only the first N training images")]
    public int? Limit { get; init; }

    public override ValidationResult Validate()
    {
        if (ValidateRunFolder() is { Successful: false } folder) return folder;
        if (Resume is null && Data is null) return ValidationResult.Error("--data NAME is required (see `tidygan data list`)");
        if (Preset is not ("cpu" or "paper")) return ValidationResult.Error($"--preset '{Preset}' is not one of cpu, paper");
        if (MrIntensity is not null && TidyGan.Data.MrIntensities.TryParse(MrIntensity) is null)
            return ValidationResult.Error($"--mr-intensity '{MrIntensity}' is not one of {string.Join(", ", TidyGan.Data.MrIntensities.Names)}");
        if (FieldOfViewMm is { } fov && !(fov > 0)) return ValidationResult.Error($"--fov must be positive (got {fov} mm)");
        if (FieldOfViewMm is not null && Resume is not null) return ValidationResult.Error("--fov cannot change on --resume (the run keeps the field of view it recorded)");
        if (MrIntensity is not null && Resume is not null) return ValidationResult.Error("--mr-intensity cannot change on --resume (the run keeps the rule it recorded)");
        return ValidationResult.Success();
    }
}
