using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn;

/// <summary>z → a 2-D point: PacGAN's generator (hidden: linear without bias → batch norm → ReLU; linear output).</summary>
public sealed class PointGenerator : Module<Tensor, Tensor>
{
    private readonly Sequential body;                       // state_dict keys: body.linear0.weight, body.norm0.weight, ...

    public PointGenerator(PointGanOptions options) : base(nameof(PointGenerator))
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int width = options.LatentDim;
        for (int i = 0; i < options.GeneratorLayers; i++)
        {
            layers.Add(($"linear{i}", Linear(width, options.GeneratorWidth, hasBias: false)));   // BN makes a bias redundant
            layers.Add(($"norm{i}", BatchNorm1d(options.GeneratorWidth)));
            layers.Add(($"act{i}", ReLU()));
            width = options.GeneratorWidth;
        }
        layers.Add(("out", Linear(width, 2)));              // state size: [N, 2]
        body = Sequential(layers);
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.Contains("norm")) continue;            // batch norm: γ = 1, β = 0
            if (name.EndsWith("weight", StringComparison.Ordinal)) init.normal_(p, 0, options.InitStd);
            else init.zeros_(p);
        }
    }

    public override Tensor forward(Tensor latent) => body.call(latent);
}
