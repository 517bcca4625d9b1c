using TorchSharp;

namespace TidyGan.Training;

/// <summary>
/// What one half of a GAN step hands back to the trainer: the loss to back-propagate, plus named
/// diagnostics worth logging (e.g. the gradient penalty, D's mean logit on real and fake data).
/// </summary>
public sealed record LossTerms(torch.Tensor Loss, params (string Name, torch.Tensor Value)[] Diagnostics);

/// <summary>The losses of one training step, as logged and shown in the progress bar.</summary>
public sealed record StepLosses(long Step, double Discriminator, double Generator, IReadOnlyList<(string Name, double Value)> Diagnostics)
{
    /// <summary>Every scalar of the step: "loss/discriminator", "loss/generator", then the diagnostics.</summary>
    public IEnumerable<(string Name, double Value)> Scalars()
    {
        yield return ("loss/discriminator", Discriminator);
        yield return ("loss/generator", Generator);
        foreach (var d in Diagnostics) yield return d;
    }
}
