using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn;

/// <summary>
/// PacGAN's 2-D discriminator: maxout layers (Goodfellow 2013: a linear map to width·pieces values, the
/// maximum over each group of pieces) and a linear logit. The input is m packed points (2m values).
/// <see cref="Apply"/> runs the same network with any parameter list, so Unrolled GAN can evaluate D at
/// parameters reached by differentiable optimiser steps.
/// </summary>
public sealed class MaxoutDiscriminator : Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> hidden;             // state_dict keys: hidden.0.weight, ...
    private readonly Linear head;
    private readonly int pieces;

    public MaxoutDiscriminator(PointGanOptions options) : base(nameof(MaxoutDiscriminator))
    {
        pieces = options.MaxoutPieces;
        hidden = new ModuleList<Linear>();
        int width = 2 * options.Packing;
        for (int i = 0; i < options.DiscriminatorLayers; i++)
        {
            hidden.Add(Linear(width, options.DiscriminatorWidth * pieces));
            width = options.DiscriminatorWidth;
        }
        head = Linear(width, 1);
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith("weight", StringComparison.Ordinal)) init.normal_(p, 0, options.InitStd);
            else init.zeros_(p);
        }
    }

    /// <summary>The parameters in the order <see cref="Apply"/> expects: (weight, bias) per layer, the head last.</summary>
    public IReadOnlyList<Tensor> OrderedParameters() =>
        hidden.SelectMany(l => new[] { l.weight!, l.bias! }).Concat([head.weight!, head.bias!]).ToList();

    public override Tensor forward(Tensor packed) => Apply(packed, OrderedParameters());

    /// <summary>D's logits [N] with the given parameters (same order as <see cref="OrderedParameters"/>).</summary>
    public Tensor Apply(Tensor packed, IReadOnlyList<Tensor> parameters)
    {
        var h = packed;
        int layers = parameters.Count / 2 - 1;
        for (int i = 0; i < layers; i++)
        {
            var z = functional.linear(h, parameters[2 * i], parameters[2 * i + 1]);
            h = z.view(z.shape[0], -1, pieces).amax([-1]);     // maxout: [N, width·pieces] → [N, width]
        }
        return functional.linear(h, parameters[^2], parameters[^1]).squeeze(-1);
    }
}
