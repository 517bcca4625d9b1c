namespace TidyGan.Training;

/// <summary>Reported after every step; the CLI turns it into a Spectre.Console progress bar.</summary>
public sealed record TrainingProgress(long Step, long TotalSteps, StepScalars Losses, double StepsPerSecond, TimeSpan Elapsed)
{
    /// <summary>Time left at the speed so far (the ETA of plain progress lines).</summary>
    public TimeSpan Remaining => StepsPerSecond > 0 ? TimeSpan.FromSeconds((TotalSteps - Step) / StepsPerSecond) : TimeSpan.Zero;
}

/// <summary>What a finished (or stopped) run leaves behind; <paramref name="StartStep"/>: the step this session started from (0, or the resumed checkpoint's).</summary>
public sealed record TrainingResult(long Step, bool Completed, string? LastCheckpoint, StepScalars? LastLosses, TimeSpan Elapsed, double StepsPerSecond,
    long StartStep = 0);
