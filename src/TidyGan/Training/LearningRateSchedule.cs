namespace TidyGan.Training;

public enum LearningRateScheduleKind
{
    /// <summary>The DC-GAN paper's choice.</summary>
    Constant,

    /// <summary>Constant, then linear decay to 0 over the remaining steps (Cycle-GAN's schedule).</summary>
    LinearDecay,

    /// <summary>Half-cosine from 1 to 0 after the constant part.</summary>
    Cosine,
}

/// <summary>A multiplier on the base learning rate as a function of the (1-based) step.</summary>
public sealed record LearningRateSchedule(LearningRateScheduleKind Kind = LearningRateScheduleKind.Constant, double DecayStartFraction = 0.5)
{
    public static LearningRateSchedule Constant { get; } = new();

    public double Factor(long step, long totalSteps)
    {
        if (Kind == LearningRateScheduleKind.Constant || totalSteps <= 0) return 1.0;
        long decayStart = (long)Math.Round(DecayStartFraction * totalSteps);
        if (step <= decayStart) return 1.0;
        double progress = Math.Clamp((double)(step - decayStart) / Math.Max(1, totalSteps - decayStart), 0, 1);
        return Kind == LearningRateScheduleKind.LinearDecay ? 1 - progress : 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
