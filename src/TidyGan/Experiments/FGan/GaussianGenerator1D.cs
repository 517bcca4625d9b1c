using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TidyGan.Experiments.FGan;

/// <summary>The unimodal generator Q_θ: x = μ + σ·z, z ~ N(0, 1), with θ = (μ, log σ) learnable.</summary>
public sealed class GaussianGenerator1D : nn.Module<Tensor, Tensor>
{
    private readonly Parameter mu;
    private readonly Parameter log_sigma;

    public GaussianGenerator1D(double mean, double stdDev) : base(nameof(GaussianGenerator1D))
    {
        mu = new Parameter(tensor(new[] { (float)mean }));
        log_sigma = new Parameter(tensor(new[] { (float)Math.Log(stdDev) }));
        RegisterComponents();
    }

    public double Mean => mu.item<float>();

    public double StdDev => Math.Exp(log_sigma.item<float>());

    /// <summary>z [n, 1] → x [n, 1].</summary>
    public override Tensor forward(Tensor z) => mu + log_sigma.exp() * z;
}
