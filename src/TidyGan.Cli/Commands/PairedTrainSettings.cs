using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TidyGan.Cli.Commands;

/// <summary>Flags every paired model (`train pix2pix`, `train denoiser`) shares: the two aligned volumes and how they are sliced.</summary>
public abstract class PairedTrainSettings : RunFolderSettings
{
    [CommandOption("--domain-a <NAME>")]
    [Description("Input volume A, e.g. nifti:low.nii.gz (a low-dose reconstruction), ct-head, mr-head or a volume file; --a works too")]
    public string? A { get; init; }

    [CommandOption("--domain-b <NAME>")]
    [Description("Target volume B on the same grid as A (same shape and affine), e.g. nifti:full.nii.gz; --b works too")]
    public string? B { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("cpu (64 px, 32 filters, shorter run; default) or paper (the paper's networks at 256 px)")]
    public string Preset { get; init; } = "cpu";

    [CommandOption("--size <PIXELS>")]
    [Description("Slice size (default: the preset's)")]
    public int? Size { get; init; }

    [CommandOption("--width <W>")]
    [Description("Filters of G's first layer (pix2pix ngf, RED-CNN width) and of D (default: the preset's)")]
    public int? Width { get; init; }

    [CommandOption("--fov <MM>")]
    [Description("Square field of view in mm centred on the head (default 240), recorded so `denoise` slices the same way")]
    public double Fov { get; init; } = 240;

    [CommandOption("--max-depth <MM>")]
    [Description("Keep only axial slices at most this far below the vertex (default 0 = the whole head)")]
    public double MaxDepth { get; init; }

    [CommandOption("--no-augment")]
    [Description("Switch off augmentation (default on: flips, ±10° rotation, 0.9–1.1 scale, ±4 px shift, the same for both images of a pair)")]
    public bool NoAugment { get; init; }

    public override ValidationResult Validate()
    {
        if (ValidateRunFolder() is { Successful: false } folder) return folder;
        if (Resume is null && (A is null || B is null)) return ValidationResult.Error("--a INPUT and --b TARGET are required (two aligned volumes, e.g. --a nifti:low.nii.gz --b nifti:full.nii.gz)");
        if (Preset is not ("cpu" or "paper")) return ValidationResult.Error($"--preset '{Preset}' is not one of cpu, paper");
        if (!(Fov > 0)) return ValidationResult.Error($"--fov must be positive (got {Fov})");
        if (!(MaxDepth >= 0)) return ValidationResult.Error($"--max-depth must be 0 (whole head) or positive (got {MaxDepth})");
        return ValidatePaired();
    }

    /// <summary>The model's own flags.</summary>
    protected virtual ValidationResult ValidatePaired() => ValidationResult.Success();
}
