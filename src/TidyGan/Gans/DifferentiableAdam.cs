using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>Adam's moments after <see cref="Step"/> updates (tensors may carry a graph while unrolling).</summary>
public sealed record AdamState(IReadOnlyList<Tensor> First, IReadOnlyList<Tensor> Second, long Step)
{
    public static AdamState Zero(IReadOnlyList<Tensor> parameters) =>
        new(parameters.Select(p => zeros_like(p)).ToList(), parameters.Select(p => zeros_like(p)).ToList(), 0);

    /// <summary>A copy outside any graph and dispose scope (the persistent state between training steps).</summary>
    public AdamState Detached() =>
        new(First.Select(t => t.detach().clone().DetachFromDisposeScope()).ToList(),
            Second.Select(t => t.detach().clone().DetachFromDisposeScope()).ToList(), Step);
}

/// <summary>
/// Adam (Kingma &amp; Ba 2015) written as a pure function θ' = U(θ, g, state) of tensors, so that
/// unrolled optimisation can back-propagate through it (Metz 2016). It follows torch.optim.Adam's
/// update (bias-corrected step size, ε added to √v̂) except that √v̂ + ε is computed as
/// √(v̂ + ε²) + 0: both equal √v̂ to within ε, and this form keeps a finite second derivative where a
/// gradient is exactly 0 (a maxout piece never chosen), where √v would give ∞·0 = NaN.
/// </summary>
public sealed record DifferentiableAdam(double LearningRate, double Beta1, double Beta2, double Epsilon = 1e-8)
{
    public (IReadOnlyList<Tensor> Parameters, AdamState State) Update(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients, AdamState state)
    {
        if (parameters.Count != gradients.Count || parameters.Count != state.First.Count)
            throw new ArgumentException($"Adam update needs as many gradients ({gradients.Count}) and moments ({state.First.Count}) as parameters ({parameters.Count})");
        long t = state.Step + 1;
        double bias1 = 1 - Math.Pow(Beta1, t), bias2 = 1 - Math.Pow(Beta2, t);
        var next = new List<Tensor>(parameters.Count);
        var first = new List<Tensor>(parameters.Count);
        var second = new List<Tensor>(parameters.Count);
        for (int i = 0; i < parameters.Count; i++)
        {
            var m = Beta1 * state.First[i] + (1 - Beta1) * gradients[i];
            var v = Beta2 * state.Second[i] + (1 - Beta2) * gradients[i].square();
            var denominator = (v / bias2 + Epsilon * Epsilon).sqrt();
            next.Add(parameters[i] - LearningRate / bias1 * m / denominator);
            first.Add(m);
            second.Add(v);
        }
        return (next, new AdamState(first, second, t));
    }
}
