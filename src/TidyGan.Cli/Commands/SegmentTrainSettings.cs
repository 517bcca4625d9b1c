using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;

namespace TidyGan.Cli.Commands;

/// <summary>Flags shared by `tidygan segment train` and `tidygan adapt`: the U-Net, the data grid and the trainer.</summary>
public class SegmentTrainSettings : RunFolderSettings
{
    [CommandOption("--data <DOMAIN>")]
    [Description("Labelled training domain: mr-head (Colin27 T1, the source; default), sim-mr (simulated T2-like contrast: the supervised upper bound), ct-head (Cranium CT with the classical reference mask) or cohort:PATH:MODALITY (your own subjects' images; label maps from --labels)")]
    public string Data { get; init; } = HeadDomains.Source;

    [CommandOption("--labels <MODALITY>")]
    [Description("With --data cohort:…: the modality holding each subject's label map (integer labels 0…C−1 on the image's grid, e.g. seg); C = max label + 1 over the cohort")]
    public string? Labels { get; init; }

    /// <summary>Whether a domain name is a cohort (cohort:PATH…), not a built-in head domain.</summary>
    public static bool IsCohort(string domain) => domain.StartsWith(CohortSlices.Prefix, StringComparison.Ordinal);

    [CommandOption("--size <PIXELS>")]
    [Description("Image size (default 64: 240 mm field of view at 3.75 mm)")]
    public int Size { get; init; } = 64;

    [CommandOption("--width <W>")]
    [Description("U-Net filters at full resolution (default 16)")]
    public int Width { get; init; } = 16;

    [CommandOption("--depth <D>")]
    [Description("U-Net downsamplings (default 3)")]
    public int Depth { get; init; } = 3;




    [CommandOption("--simulation-seed <S>")]
    [Description("Seed of the simulated sim-mr contrast (bias field, noise; default 1)")]
    public int SimulationSeed { get; init; } = 1;

    public override ValidationResult Validate()
    {
        if (ValidateRunFolder() is { Successful: false } folder) return folder;
        if (!HeadDomains.Names.Contains(Data) && !IsCohort(Data)) return ValidationResult.Error($"--data '{Data}' is not one of {string.Join(", ", HeadDomains.Names)} or cohort:PATH:MODALITY");
        if (IsCohort(Data) && Labels is null && Resume is null) return ValidationResult.Error("--data cohort:… needs --labels MODALITY (the cohort's label maps, e.g. seg)");
        if (!IsCohort(Data) && Labels is not null) return ValidationResult.Error("--labels names a cohort's label modality: use it with --data cohort:PATH:MODALITY");
        if (Size < 16) return ValidationResult.Error($"--size must be at least 16 (got {Size})");
        return ValidationResult.Success();
    }
}
