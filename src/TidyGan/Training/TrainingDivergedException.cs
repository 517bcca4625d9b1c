namespace TidyGan.Training;

/// <summary>A loss became NaN or infinite; the last good checkpoint is left as it was.</summary>
public sealed class TrainingDivergedException(long step, string loss, double value, string? lastCheckpoint)
    : TidyGan.IO.UserException($"training diverged at step {step}: {loss} loss is {value}. " +
                (lastCheckpoint is null ? "No checkpoint was written yet." : $"The last good checkpoint is {lastCheckpoint}.") +
                " Try a lower learning rate, another loss (--loss), or a smaller model.")
{
    public long Step { get; } = step;
    public string? LastCheckpoint { get; } = lastCheckpoint;
}
