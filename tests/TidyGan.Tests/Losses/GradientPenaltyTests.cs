using TidyGan.Losses;
using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Tests.Losses;

public class GradientPenaltyTests
{
    private static Func<Tensor, Tensor> LinearCritic(Tensor w) => x => (x.reshape(x.shape[0], -1) * w).sum(1);

    private static Tensor Direction(double norm)
    {
        var w = tensor(new[] { 3f, -4f, 0f, 12f, 0f, 0f });        // ‖·‖ = 13
        return w * (float)(norm / 13.0);
    }

    [Fact]
    public void ZeroForACriticWithUnitGradientNorm()
    {
        using var scope = NewDisposeScope();
        var w = Direction(1.0);
        var real = randn(4, 1, 2, 3);
        var fake = randn(4, 1, 2, 3);
        var penalty = GradientPenalty.Compute(LinearCritic(w), real, fake);
        Assert.Equal(0f, penalty.item<float>(), 5);
    }

    [Theory]
    [InlineData(3.0, 10.0)]
    [InlineData(0.5, 10.0)]
    [InlineData(2.0, 1.0)]
    public void IsWeightTimesSquaredNormExcess(double norm, double weight)
    {
        using var scope = NewDisposeScope();
        var w = Direction(norm);
        var penalty = GradientPenalty.Compute(LinearCritic(w), randn(5, 6), randn(5, 6), weight);
        Assert.Equal(weight * (norm - 1) * (norm - 1), penalty.item<float>(), 4);
    }

    [Fact]
    public void BackPropagatesIntoTheCriticParameters()
    {
        using var scope = NewDisposeScope();
        const double norm = 3.0, weight = 10.0;
        var w = Direction(norm).requires_grad_(true);
        GradientPenalty.Compute(LinearCritic(w), randn(4, 6), randn(4, 6), weight).backward();
        // d/dw λ(‖w‖ − 1)² = 2λ(‖w‖ − 1)·w/‖w‖
        var expected = Direction(norm) * (float)(2 * weight * (norm - 1) / norm);
        Assert.NotNull(w.grad);
        Assert.True(w.grad!.allclose(expected, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void DoesNotTrainTheGenerator()
    {
        using var scope = NewDisposeScope();
        var w = Direction(2.0).requires_grad_(true);
        var fakeSource = randn(3, 6).requires_grad_(true);
        GradientPenalty.Compute(LinearCritic(w), randn(3, 6), fakeSource * 2).backward();
        Assert.Null(fakeSource.grad);
        Assert.NotNull(w.grad);
    }

    [Fact]
    public void WorksWithAConditionalCriticThroughAClosure()
    {
        using var scope = NewDisposeScope();
        var options = new ConditionalGanOptions(new DcGanOptions(28, 1, 8, 4, 4), ClassCount: 3, Projection: true);
        using var critic = new ConditionalDiscriminator(options);
        var labels = tensor(new long[] { 0, 2 });
        var penalty = GradientPenalty.Compute(x => critic.call(x, labels), rand(2, 1, 28, 28), rand(2, 1, 28, 28));
        Assert.True(float.IsFinite(penalty.item<float>()));
        penalty.backward();
        Assert.All(critic.parameters(), p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void RejectsMismatchedShapes() =>
        Assert.Throws<ArgumentException>(() => GradientPenalty.Compute(x => x.sum(1), zeros(2, 3), zeros(3, 3)));
}
