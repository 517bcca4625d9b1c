namespace TidyGan.Training;

/// <summary>The losses of one training step as numbers: logged, shown in the progress bar, checked for NaN/Inf.</summary>
/// <param name="Discriminator">null for a step that trains no discriminator (a supervised segmenter).</param>
public sealed record StepScalars(long Step, double? Discriminator, double Generator, IReadOnlyList<(string Name, double Value)> Diagnostics)
{
    /// <summary>Every scalar of the step: "loss/discriminator" (when there is one), "loss/generator", then the diagnostics.</summary>
    public IEnumerable<(string Name, double Value)> Scalars()
    {
        if (Discriminator is { } d) yield return ("loss/discriminator", d);
        yield return ("loss/generator", Generator);
        foreach (var x in Diagnostics) yield return x;
    }
}
