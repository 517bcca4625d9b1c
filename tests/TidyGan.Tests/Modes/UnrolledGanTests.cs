using TidyGan.Gans;
using TidyGan.Nn;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace TidyGan.Tests.Modes;

/// <summary>Unrolled GAN: the differentiable unrolling reproduces the discriminator's real optimiser steps.</summary>
[Collection(GlobalRandomState.Name)]
public class UnrolledGanTests
{
    private static readonly PointGanOptions Tiny = new() { GeneratorWidth = 16, GeneratorLayers = 2, DiscriminatorWidth = 8, DiscriminatorLayers = 2, MaxoutPieces = 3, InitStd = 0.5 };

    [Fact]
    public void DifferentiableAdamMatchesTorchAdamStepForStep()
    {
        torch.manual_seed(1);
        using var w = new TorchSharp.Modules.Parameter(randn(5, 3));
        using var target = randn(5, 3);
        var adam = new DifferentiableAdam(0.05, 0.8, 0.999);
        IReadOnlyList<Tensor> mine = [w.detach().clone()];
        var state = AdamState.Zero(mine);
        using var reference = optim.Adam([w], 0.05, 0.8, 0.999);
        for (int k = 0; k < 6; k++)
        {
            reference.zero_grad();
            ((w - target).pow(4).sum()).backward();
            reference.step();
            var p = mine[0].detach().requires_grad_(true);
            var g = autograd.grad([(p - target).pow(4).sum()], [p]);
            (mine, state) = adam.Update([p.detach()], [g[0]], state);
        }
        Assert.True(mine[0].allclose(w, rtol: 1e-5, atol: 1e-6), $"max difference {(mine[0] - w).abs().max().item<float>()}");
    }

    [Fact]
    public void UnrolledParametersEqualKExplicitAdamStepsOfTheDiscriminator()
    {
        torch.manual_seed(2);
        using var gan = new UnrolledGan(new UnrolledGanConfig(Tiny, new DifferentiableAdam(0.01, 0.8, 0.999), UnrollingSteps: 3, Loss: TidyGan.Losses.AdversarialLossKind.Minimax));
        var critic = (MaxoutDiscriminator)gan.Discriminator;
        using var real = randn(32, 2);
        using var fake = randn(32, 2) * 0.5;
        var unrolled = gan.Unroll(real, fake, 3).Select(t => t.detach().clone()).ToList();

        // The same three steps, explicitly, with torch's Adam on a copy of D (fresh moments, as at the first step).
        using var copy = new MaxoutDiscriminator(Tiny);
        using (no_grad())
            foreach (var (to, from) in copy.OrderedParameters().Zip(critic.OrderedParameters())) to.copy_(from);
        using var adam = optim.Adam(copy.parameters(), 0.01, 0.8, 0.999);
        for (int k = 0; k < 3; k++)
        {
            adam.zero_grad();
            (softplus(-copy.call(real)).mean() + softplus(copy.call(fake)).mean()).backward();
            adam.step();
        }
        var explicitSteps = copy.OrderedParameters();
        for (int i = 0; i < unrolled.Count; i++)
            Assert.True(unrolled[i].allclose(explicitSteps[i], rtol: 1e-4, atol: 1e-6), $"parameter {i}: max difference {(unrolled[i] - explicitSteps[i]).abs().max().item<float>()}");
        // And D itself has not moved: unrolling is a look-ahead, not an update.
        Assert.False(critic.OrderedParameters()[0].allclose(explicitSteps[0]));
    }

    [Fact]
    public void GeneratorGradientSeesTheUnrolledDiscriminator()
    {
        // With k = 0 the generator's gradient is the plain one; with k > 0 it differs because it flows through D's updates.
        torch.manual_seed(3);
        using var gan = new UnrolledGan(new UnrolledGanConfig(Tiny, new DifferentiableAdam(0.05, 0.8, 0.999), UnrollingSteps: 3));
        var critic = (MaxoutDiscriminator)gan.Discriminator;
        using var real = randn(32, 2);
        using var leaf = (randn(32, 2) * 0.5).requires_grad_(true);
        Tensor GradientAt(int k)
        {
            var parameters = gan.Unroll(real, leaf, k);
            var loss = -softplus(critic.Apply(leaf, parameters)).mean();
            return autograd.grad([loss], [leaf])[0];
        }
        using var plain = GradientAt(0);
        using var unrolled = GradientAt(3);
        Assert.True(double.IsFinite(unrolled.abs().sum().item<float>()));
        Assert.True((plain - unrolled).abs().max().item<float>() > 1e-4 * plain.abs().max().item<float>());
    }
}
