using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>AnoGAN's latent search: Γ iterations (the paper's 500), λ = 0.1 (the paper's), and the step size.
/// The paper updates z by back-propagation without naming the optimiser; TidyGan uses Adam with α = 0.01 (its choice).</summary>
public sealed record AnoGanOptions(int Iterations = 500, double Lambda = 0.1, double LearningRate = 0.01)
{
    public static AnoGanOptions Paper { get; } = new();

    public AnoGanOptions Validate()
    {
        if (Iterations < 1) throw new ArgumentException($"AnoGAN needs at least 1 iteration (got {Iterations})");
        if (!(Lambda >= 0 && Lambda <= 1)) throw new ArgumentException($"λ must be in [0, 1] (got {Lambda})");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"the learning rate must be positive (got {LearningRate})");
        return this;
    }
}

/// <summary>
/// AnoGAN (Schlegl et al. 2017, §2.2): for a query image x, find z* whose G(z*) is closest, by gradient descent on z
/// from a random z₁ with G and D fixed:
///   R(z) = Σ|x − G(z)|                   residual loss (Eq. 3)
///   D(z) = Σ|f(x) − f(G(z))|             discrimination loss on D's intermediate features (feature matching, Eq. 4)
///   L(z) = (1 − λ)·R(z) + λ·D(z)         (Eq. 5);  anomaly score A(x) = L(z_Γ) (Eq. 9); map = |x − G(z_Γ)|.
/// Each image's z is independent (the batch's losses are summed; Adam's step is per coordinate).
/// </summary>
public static class AnoGanSearch
{
    /// <param name="x">Query images [N, C, S, S] in G's intensity range.</param>
    /// <param name="start">z₁ [N, LatentDim] (drawn by the caller, e.g. N(0, I) from a seeded generator).</param>
    public static AnomalyResult Run(DcGanGenerator generator, DcGanDiscriminator critic, Tensor x, Tensor start, AnoGanOptions options)
    {
        options.Validate();
        using var gradients = enable_grad();                  // callers may run under no_grad (e.g. VolumeTranslator's batches)
        bool gTraining = generator.training, dTraining = critic.training;
        generator.eval();
        critic.eval();
        var frozen = generator.parameters().Concat(critic.parameters()).Select(p => (p, p.requires_grad)).ToList();
        foreach (var (p, _) in frozen) p.requires_grad = false;
        try
        {
            using var z = new TorchSharp.Modules.Parameter(start.detach().clone());
            using var adam = TorchSharp.torch.optim.Adam([z], options.LearningRate);
            Tensor targetFeatures;
            using (no_grad()) targetFeatures = critic.Features(x);
            for (int i = 0; i < options.Iterations; i++)
            {
                using var scope = NewDisposeScope();
                adam.zero_grad();
                var (loss, _, _, _) = Loss(generator, critic, x, targetFeatures, z, options.Lambda);
                loss.sum().backward();
                adam.step();
            }
            using (no_grad())
            {
                var (final, residual, discrimination, reconstruction) = Loss(generator, critic, x, targetFeatures, z, options.Lambda);
                return new AnomalyResult(final, residual, discrimination, reconstruction, (x - reconstruction).abs());
            }
        }
        finally
        {
            foreach (var (p, grad) in frozen) p.requires_grad = grad;
            if (gTraining) generator.train();
            if (dTraining) critic.train();
        }
    }

    private static (Tensor Loss, Tensor Residual, Tensor Discrimination, Tensor Reconstruction) Loss(
        DcGanGenerator generator, DcGanDiscriminator critic, Tensor x, Tensor targetFeatures, Tensor z, double lambda)
    {
        var reconstruction = generator.call(z);
        var residual = (x - reconstruction).abs().flatten(1).sum(1);
        var discrimination = (targetFeatures - critic.Features(reconstruction)).abs().sum(1);
        return ((1 - lambda) * residual + lambda * discrimination, residual, discrimination, reconstruction);
    }
}
