using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TidyGan.Cli.Commands;

/// <summary>Flags of every training verb that writes a run folder through the one trainer: where it goes, how long
/// it trains and on what batches, how often it checkpoints and draws samples, how to resume it, the seed and the device.
/// Each maps onto <see cref="Training.TrainerOptions"/> (or the model's Adam for --lr) in <see cref="TrainingFrontEnd"/>.</summary>
public abstract class RunFolderSettings : CohortSplitSettings
{
    [CommandOption("--steps <N>")]
    [Description("Training steps in total (default: the preset's); with --resume, a new total above the run's step")]
    public long? Steps { get; init; }

    [CommandOption("--batch <B>")]
    [Description("Batch size (default: the preset's)")]
    public int? Batch { get; init; }

    [CommandOption("--lr <RATE>")]
    [Description("Adam learning rate of both players (default: the paper's: 2e-4 for GANs, 1e-4 for WGAN-GP, 1e-3 for segmenters)")]
    public double? LearningRate { get; init; }

    [CommandOption("--sample-every <N>")]
    public int? SampleEvery { get; init; }

    [CommandOption("--checkpoint-every <N>")]
    public int? CheckpointEvery { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Run folder for checkpoints, samples, logs and report (must be new or empty unless --resume)")]
    public string? Out { get; init; }

    [CommandOption("--resume <DIR>")]
    [Description("Continue the run in DIR from its latest checkpoint (model, data and options come from the checkpoint; --steps may raise the total)")]
    public string? Resume { get; init; }

    [CommandOption("--seed <S>")]
    public int? Seed { get; init; }

    [CommandOption("--device <D>")]
    [Description("cpu (default) or cuda")]
    public string Device { get; init; } = "cpu";

    /// <summary>--split/--split-seed as a rule, or null when neither is given; an error when given for data that are no cohort.</summary>
    public Data.CohortSplitRule? SplitRule(params string?[] dataNames)
    {
        if (Split is null && SplitSeed is null) return null;
        if (Resume is not null) throw new IO.UserException("--split and --split-seed come from the run when resuming; leave them out");
        if (!dataNames.Any(n => n?.StartsWith(Data.CohortSlices.Prefix, StringComparison.Ordinal) == true))
            throw new IO.UserException("--split and --split-seed apply to cohort:PATH data only");
        return SplitFlags;
    }

    /// <summary>--out or --resume, and not both pointing at different folders.</summary>
    protected ValidationResult ValidateRunFolder()
    {
        if (Resume is null && Out is null) return ValidationResult.Error("--out DIR is required (or --resume DIR)");
        if (Resume is not null && Out is not null && Path.GetFullPath(Out) != Path.GetFullPath(Resume))
            return ValidationResult.Error("--resume continues in its own folder; leave out --out");
        return ValidationResult.Success();
    }
}
