using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Experiments.FGan;

/// <summary>The variational function V_ω: ℝ → ℝ, a small MLP (tanh, so the log-ratio it must fit stays smooth).</summary>
public sealed class Critic1D : Module<Tensor, Tensor>
{
    private readonly Sequential body;

    public Critic1D(int hidden = 64) : base(nameof(Critic1D))
    {
        body = Sequential(
            ("fc0", Linear(1, hidden)), ("act0", Tanh()),
            ("fc1", Linear(hidden, hidden)), ("act1", Tanh()),
            ("head", Linear(hidden, 1)));   // v; the loss applies the divergence's output activation g_f
        RegisterComponents();
    }

    /// <summary>x [n, 1] → v [n].</summary>
    public override Tensor forward(Tensor x) => body.call(x).squeeze(1);
}
