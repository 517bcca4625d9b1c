using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TidyGan.Cli.Commands;

/// <summary>Flags of `tidygan train cyclegan`; each maps onto <see cref="Nn.CycleGan.CycleGanOptions"/> or the trainer's options.</summary>
public sealed class CycleGanTrainSettings : RunFolderSettings
{
    [CommandOption("--domain-a <NAME>")]
    [Description("Domain A (source), e.g. mr-head or nifti:PATH (default mr-head); --a works too")]
    public string A { get; init; } = "mr-head";

    [CommandOption("--domain-b <NAME>")]
    [Description("Domain B (target), e.g. ct-head or nifti:PATH (default ct-head); --b works too")]
    public string B { get; init; } = "ct-head";

    [CommandOption("--preset <NAME>")]
    [Description("cpu (64 px, resnet_6blocks, 32 filters; default) or paper (256 px, resnet_9blocks, 64 filters)")]
    public string Preset { get; init; } = "cpu";

    [CommandOption("--size <PIXELS>")]
    [Description("Image size (default: the preset's)")]
    public int? Size { get; init; }

    [CommandOption("--fov <MM>")]
    [Description("Square field of view in mm, the same for both domains, centred on each head (default 240)")]
    public double Fov { get; init; } = 240;

    [CommandOption("--max-depth <MM>")]
    [Description("Keep only axial slices at most this far below each head's vertex, so both domains show the same anatomy (default 80: the cranial vault above the Cranium CT's frontal sinus; 0 = the whole head)")]
    public double MaxDepth { get; init; } = 80;

    [CommandOption("--generator <KIND>")]
    [Description("resnet6, resnet9 or unet (default: the preset's)")]
    public string? Generator { get; init; }

    [CommandOption("--width <W>")]
    [Description("Filters of the first layer of G and D (default: the preset's)")]
    public int? Width { get; init; }

    [CommandOption("--loss <LOSS>")]
    [Description("lsgan (default, as the reference), ns, minimax, hinge, wgan-gp")]
    public string Loss { get; init; } = "lsgan";

    [CommandOption("--lambda <L>")]
    [Description("Cycle loss weight λ, both directions (default 10)")]
    public double? Lambda { get; init; }

    [CommandOption("--identity <F>")]
    [Description("Identity loss weight as a fraction of λ (default 0.5; 0 = off)")]
    public double? Identity { get; init; }

    [CommandOption("--pool <N>")]
    [Description("Image pool size (default 50; 0 = off)")]
    public int? Pool { get; init; }




    [CommandOption("--no-augment")]
    [Description("Switch off augmentation (default on: flips, ±10° rotation, 0.9–1.1 scale, ±4 px shift, each domain drawn independently)")]
    public bool NoAugment { get; init; }

    public override ValidationResult Validate()
    {
        if (ValidateRunFolder() is { Successful: false } folder) return folder;
        if (Preset is not ("cpu" or "paper")) return ValidationResult.Error($"--preset '{Preset}' is not one of cpu, paper");
        if (Generator is not (null or "resnet6" or "resnet9" or "unet")) return ValidationResult.Error($"--generator '{Generator}' is not one of resnet6, resnet9, unet");
        if (!(Fov > 0)) return ValidationResult.Error($"--fov must be positive (got {Fov})");
        if (!(MaxDepth >= 0)) return ValidationResult.Error($"--max-depth must be 0 (whole head) or positive (got {MaxDepth})");
        return ValidationResult.Success();
    }
}
