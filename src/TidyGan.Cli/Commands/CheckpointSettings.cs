using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TidyGan.Cli.Commands;

/// <summary>Flags shared by the verbs that read a checkpoint.</summary>
public class CheckpointSettings : CommandSettings
{
    [CommandOption("--checkpoint <DIR>")]
    [Description("A run folder (uses its latest checkpoint) or one checkpoint folder")]
    public string? Checkpoint { get; init; }

    [CommandOption("--seed <S>")]
    public int Seed { get; init; }

    [CommandOption("--no-ema")]
    [Description("Use the live generator even when the run kept an EMA copy")]
    public bool NoEma { get; init; }

    [CommandOption("--device <D>")]
    public string Device { get; init; } = "cpu";

    public override ValidationResult Validate() =>
        Checkpoint is null ? ValidationResult.Error("--checkpoint DIR is required") : ValidationResult.Success();
}
