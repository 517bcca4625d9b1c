namespace TidyGan.Training;

/// <summary>
/// A model whose loss weights follow the step count (e.g. the adversarial weight ramp of domain adaptation).
/// The trainer tells it the step before each update, so a resumed run continues the schedule where it stopped.
/// </summary>
public interface IStepScheduled
{
    void OnStep(long step, long totalSteps);
}
