using TidyGan.Nn;
using TidyGan.Nn.CycleGan;
using TidyGan.Nn.Paired;
using TidyGan.Nn.Segmentation;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>
/// Builds ONNX nodes from a TidyGan module tree, in eval-mode semantics: batch norm with its running statistics,
/// instance norm with the statistics of each image, no dropout (no TidyGan generator has any). Each layer kind
/// TidyGan's generators and segmenter use maps to one ONNX operator (opset 13); weights keep their state_dict names.
/// A module kind it does not know is an error naming it, never a silently wrong graph.
/// With <paramref name="batchStatistics"/>, batch norm instead normalises by the statistics of the batch it is given
/// (train-mode normalisation without the running-average update), as `tidygan sample` does.
/// </summary>
public sealed class OnnxModuleEmitter(OnnxGraphBuilder graph, bool batchStatistics = false, bool float64InstanceStatistics = true)
{
    /// <summary>Emits <paramref name="module"/> applied to the value <paramref name="x"/>; returns the output value.</summary>
    public string Emit(nn.Module module, string prefix, string x) => module switch
    {
        Sequential s => s.named_children().Aggregate(x, (value, child) => Emit(child.module, $"{prefix}{child.name}.", value)),
        Conv2d c => Conv(c, prefix, x),
        ConvTranspose2d c => ConvTranspose(c, prefix, x),
        BatchNorm2d b => BatchNorm(b, prefix, x),
        InstanceNorm2d n => InstanceNorm(n, prefix, x),
        ReLU => graph.Node("Relu", prefix + "relu", [x]),
        LeakyReLU l => graph.Node("LeakyRelu", prefix + "leaky_relu", [x], OnnxAttribute.Of("alpha", (float)l.negative_slope)),
        Tanh => graph.Node("Tanh", prefix + "tanh", [x]),
        ReflectionPad2d p => ReflectionPad(p, prefix, x),
        ResnetBlock r => graph.Node("Add", prefix + "residual", [x, Emit(Child(r, "conv_block"), prefix + "conv_block.", x)]),
        UnetSkipBlock u => UnetLevel(u, prefix, x),
        ResnetGenerator or UnetGenerator => Emit(Child(module, "model"), prefix + "model.", x),
        UNet2d u => UNet(u, prefix, x),
        Dropout => x,                                            // eval mode: pix2pix's dropout is off (Gans/Pix2Pix.cs)
        RedCnn r => RedCnnLayers(r, prefix, x),
        PatchDiscriminator => Emit(Child(module, "model"), prefix + "model.", x),
        DcGanDiscriminator d => DcGanLogits(d, prefix, x),
        MaxPool2d p => MaxPool(p, prefix, x),
        Flatten f => Flatten(f, prefix, x),
        Linear l => Gemm(l, prefix, x),
        _ => throw new NotSupportedException(
            $"ONNX export: no operator mapping for the layer '{prefix.TrimEnd('.')}' of type {module.GetType().Name}"),
    };

    private string Conv(Conv2d c, string prefix, string x)
    {
        if (c.padding_mode != TorchSharp.PaddingModes.Zeros) throw new NotSupportedException($"ONNX export: {prefix} pads with {c.padding_mode}, only zeros are mapped");
        var pads = Pads(c.padding, prefix);
        var inputs = new List<string> { x, graph.Weight(prefix + "weight", c.weight!) };
        if (c.bias is { } bias) inputs.Add(graph.Weight(prefix + "bias", bias));
        return graph.Node("Conv", prefix + "conv", inputs,
            OnnxAttribute.Of("kernel_shape", c.kernel_size), OnnxAttribute.Of("strides", c.stride),
            OnnxAttribute.Of("pads", pads[0], pads[1], pads[0], pads[1]), OnnxAttribute.Of("dilations", c.dilation),
            OnnxAttribute.Of("group", c.groups));
    }

    private string ConvTranspose(ConvTranspose2d c, string prefix, string x)
    {
        var pads = Pads(c.padding, prefix);
        var inputs = new List<string> { x, graph.Weight(prefix + "weight", c.weight!) };
        if (c.bias is { } bias) inputs.Add(graph.Weight(prefix + "bias", bias));
        return graph.Node("ConvTranspose", prefix + "conv_transpose", inputs,
            OnnxAttribute.Of("kernel_shape", c.kernel_size), OnnxAttribute.Of("strides", c.stride),
            OnnxAttribute.Of("pads", pads[0], pads[1], pads[0], pads[1]), OnnxAttribute.Of("dilations", c.dilation),
            OnnxAttribute.Of("output_padding", c.output_padding), OnnxAttribute.Of("group", c.groups));
    }

    private static long[] Pads(long[]? padding, string prefix) => padding switch
    {
        { Length: 2 } p => p,
        { Length: 1 } p => [p[0], p[0]],
        null => [0, 0],
        _ => throw new NotSupportedException($"ONNX export: {prefix} has padding [{string.Join(", ", padding)}]"),
    };

    /// <summary>Eval-mode batch norm: (x − running_mean) / √(running_var + ε) · γ + β.</summary>
    private string BatchNorm(BatchNorm2d b, string prefix, string x)
    {
        if (b.running_mean is null || b.running_var is null)
            throw new NotSupportedException($"ONNX export: {prefix} keeps no running statistics, so eval mode has none to use");
        int features = (int)b.running_mean.shape[0];
        if (batchStatistics) return BatchStatisticsNorm(b, features, prefix, x);
        var scale = b.weight is { } w ? graph.Weight(prefix + "weight", w) : graph.Floats(prefix + "weight", Ones(features), features);
        var shift = b.bias is { } bb ? graph.Weight(prefix + "bias", bb) : graph.Floats(prefix + "bias", new float[features], features);
        return graph.Node("BatchNormalization", prefix + "batch_norm",
            [x, scale, shift, graph.Weight(prefix + "running_mean", b.running_mean), graph.Weight(prefix + "running_var", b.running_var)],
            OnnxAttribute.Of("epsilon", (float)b.eps));
    }

    /// <summary>
    /// Train-mode batch norm: per channel, the mean and biased variance over batch and pixels,
    /// (x − mean) / √(var + ε) · γ + β (γ and β as [1, C, 1, 1] so they broadcast).
    /// </summary>
    private string BatchStatisticsNorm(BatchNorm2d b, int features, string prefix, string x)
    {
        var axes = OnnxAttribute.Of("axes", 0L, 2L, 3L);
        var keep = OnnxAttribute.Of("keepdims", 1L);
        var mean = graph.Node("ReduceMean", prefix + "batch_mean", [x], axes, keep);
        var centred = graph.Node("Sub", prefix + "centred", [x, mean]);
        var variance = graph.Node("ReduceMean", prefix + "batch_var", [graph.Node("Mul", prefix + "squared", [centred, centred])], axes, keep);
        var epsilon = graph.Floats(prefix + "eps", [(float)b.eps], 1);
        var std = graph.Node("Sqrt", prefix + "batch_std", [graph.Node("Add", prefix + "var_eps", [variance, epsilon])]);
        var normalised = graph.Node("Div", prefix + "normalised", [centred, std]);
        float[] gamma = b.weight is { } w ? Values(w) : Ones(features), beta = b.bias is { } bb ? Values(bb) : new float[features];
        var scaled = graph.Node("Mul", prefix + "scaled", [normalised, graph.Floats(prefix + "weight", gamma, 1, features, 1, 1)]);
        return graph.Node("Add", prefix + "batch_norm", [scaled, graph.Floats(prefix + "bias", beta, 1, features, 1, 1)]);
    }

    private static float[] Values(Tensor t)
    {
        using var cpu = t.detach().cpu().to(float32).contiguous();
        return cpu.data<float>().ToArray();
    }

    /// <summary>Instance norm as the reference Cycle-GAN's (no running statistics): each image's own statistics, train = eval.</summary>
    private string InstanceNorm(InstanceNorm2d n, string prefix, string x)
    {
        if (n.track_running_stats && n.running_mean is { } mean && n.running_var is { } variance)
        {
            // Eval mode with tracked statistics normalises by them: that is a batch norm.
            int c = (int)mean.shape[0];
            var s = n.weight is { } w ? graph.Weight(prefix + "weight", w) : graph.Floats(prefix + "weight", Ones(c), c);
            var b = n.bias is { } bb ? graph.Weight(prefix + "bias", bb) : graph.Floats(prefix + "bias", new float[c], c);
            return graph.Node("BatchNormalization", prefix + "instance_norm",
                [x, s, b, graph.Weight(prefix + "running_mean", mean), graph.Weight(prefix + "running_var", variance)],
                OnnxAttribute.Of("epsilon", (float)n.eps));
        }
        int features = (int)n.num_features;
        if (float64InstanceStatistics) return InstanceNormFloat64(n, features, prefix, x);
        var scale = n.weight is { } weight ? graph.Weight(prefix + "weight", weight) : graph.Floats(prefix + "scale", Ones(features), features);
        var shift = n.bias is { } bias ? graph.Weight(prefix + "bias", bias) : graph.Floats(prefix + "shift", new float[features], features);
        return graph.Node("InstanceNormalization", prefix + "instance_norm", [x, scale, shift], OnnxAttribute.Of("epsilon", (float)n.eps));
    }

    /// <summary>
    /// Instance norm with its statistics in float64, as libtorch computes them on the CPU (double accumulation). ONNX
    /// Runtime's InstanceNormalization (and ReduceMean) accumulate in float32, and a nearly constant channel, whose mean is
    /// many standard deviations from zero, turns that rounding of the mean into errors of 1e-4 after normalising
    /// (docs/onnx.md, "Instance norm in float64"). Cast → ReduceMean → Sub → Mul → ReduceMean → Add ε → Sqrt → Div → Cast.
    /// </summary>
    private string InstanceNormFloat64(InstanceNorm2d n, int features, string prefix, string x)
    {
        var axes = OnnxAttribute.Of("axes", 2L, 3L);
        var keep = OnnxAttribute.Of("keepdims", 1L);
        var wide = graph.Node("Cast", prefix + "to_float64", [x], OnnxAttribute.Of("to", (long)OnnxType.Double));
        var centred = graph.Node("Sub", prefix + "centred", [wide, graph.Node("ReduceMean", prefix + "mean", [wide], axes, keep)]);
        var variance = graph.Node("ReduceMean", prefix + "variance", [graph.Node("Mul", prefix + "squared", [centred, centred])], axes, keep);
        var std = graph.Node("Sqrt", prefix + "std", [graph.Node("Add", prefix + "variance_eps", [variance, graph.Doubles(prefix + "eps", [n.eps], 1)])]);
        var normalised = graph.Node("Cast", prefix + "instance_norm", [graph.Node("Div", prefix + "normalised", [centred, std])],
            OnnxAttribute.Of("to", (long)OnnxType.Float));
        if (n.weight is null && n.bias is null) return normalised;      // the reference Cycle-GAN's: no affine part
        float[] gamma = n.weight is { } w ? Values(w) : Ones(features), beta = n.bias is { } b ? Values(b) : new float[features];
        var scaled = graph.Node("Mul", prefix + "scaled", [normalised, graph.Floats(prefix + "weight", gamma, 1, features, 1, 1)]);
        return graph.Node("Add", prefix + "affine", [scaled, graph.Floats(prefix + "bias", beta, 1, features, 1, 1)]);
    }

    /// <summary>PyTorch's (left, right, top, bottom) becomes ONNX's [N, C, H, W] begins then ends.</summary>
    private string ReflectionPad(ReflectionPad2d p, string prefix, string x)
    {
        long[] pad = p.padding switch
        {
            { Length: 4 } four => four,
            { Length: 1 } one => [one[0], one[0], one[0], one[0]],
            _ => throw new NotSupportedException($"ONNX export: {prefix} has padding [{string.Join(", ", p.padding)}]"),
        };
        var pads = graph.Int64s(prefix + "pads", 0, 0, pad[2], pad[0], 0, 0, pad[3], pad[1]);
        return graph.Node("Pad", prefix + "reflection_pad", [x, pads], OnnxAttribute.Of("mode", "reflect"));
    }

    /// <summary>
    /// A U-Net level (the reference's UnetSkipConnectionBlock): the outermost level is its model; every other level
    /// concatenates its input, after the in-place LeakyReLU its model starts with, to its model's output.
    /// </summary>
    private string UnetLevel(UnetSkipBlock block, string prefix, string x)
    {
        var model = (Sequential)Child(block, "model");
        if (block.Outermost) return Emit(model, prefix + "model.", x);
        var layers = model.named_children().ToList();
        if (layers[0].module is not LeakyReLU)
            throw new NotSupportedException($"ONNX export: {prefix}model does not start with a LeakyReLU; its skip cannot be mapped");
        var activated = Emit(layers[0].module, $"{prefix}model.{layers[0].name}.", x);
        var inner = layers.Skip(1).Aggregate(activated, (value, l) => Emit(l.module, $"{prefix}model.{l.name}.", value));
        return graph.Node("Concat", prefix + "skip", [activated, inner], OnnxAttribute.Of("axis", 1L));
    }

    /// <summary>The segmentation U-Net: encoder levels with 2×2 max pooling, bottleneck, up-convolutions, skips, 1×1 head.</summary>
    private string UNet(UNet2d unet, string prefix, string x)
    {
        int depth = unet.Options.Depth;
        var encoder = Child(unet, "encoder").named_children().ToList();
        var up = Child(unet, "up").named_children().ToList();
        var decoder = Child(unet, "decoder").named_children().ToList();
        var skips = new List<string>();
        for (int d = 0; d < depth; d++)
        {
            x = Emit(encoder[d].module, $"{prefix}encoder.{encoder[d].name}.", x);
            skips.Add(x);
            x = graph.Node("MaxPool", $"{prefix}pool{d}", [x], OnnxAttribute.Of("kernel_shape", 2L, 2L), OnnxAttribute.Of("strides", 2L, 2L));
        }
        x = Emit(Child(unet, "bottleneck"), prefix + "bottleneck.", x);
        for (int i = 0; i < depth; i++)
        {
            x = Emit(up[i].module, $"{prefix}up.{up[i].name}.", x);
            x = graph.Node("Concat", $"{prefix}skip{i}", [skips[depth - 1 - i], x], OnnxAttribute.Of("axis", 1L));
            x = Emit(decoder[i].module, $"{prefix}decoder.{decoder[i].name}.", x);
        }
        return Emit(Child(unet, "head"), prefix + "head.", x);
    }

    /// <summary>DC-GAN generator: z [N, L] (or [N, L, 1, 1]) reshaped to [N, L, 1, 1], then its main stack.</summary>
    public string DcGan(DcGanGenerator generator, string z)
    {
        var shape = graph.Int64s("latent_shape", 0, -1, 1, 1);
        var x = graph.Node("Reshape", "latent_map", [z, shape]);
        return Emit(Child(generator, "main"), "main.", x);
    }

    /// <summary>Conditional generator: [z, embed(class)] along channels, reshaped to [N, L + E, 1, 1], then its main stack.</summary>
    public string Conditional(ConditionalGenerator generator, string z, string labels)
    {
        var flat = graph.Node("Reshape", "latent_flat", [z, graph.Int64s("flat_shape", 0, -1)]);
        var embed = (Embedding)Child(generator, "embed");
        var embedded = graph.Node("Gather", "embed", [graph.Weight("embed.weight", embed.weight!), labels], OnnxAttribute.Of("axis", 0L));
        var joined = graph.Node("Concat", "latent_and_class", [flat, embedded], OnnxAttribute.Of("axis", 1L));
        var x = graph.Node("Reshape", "latent_map", [joined, graph.Int64s("latent_shape", 0, -1, 1, 1)]);
        return Emit(Child(generator, "main"), "main.", x);
    }

    /// <summary>RED-CNN's forward (Nn/Paired/RedCnn.cs): ReLU'd convs, transposed convs and its three shortcuts.</summary>
    private string RedCnnLayers(RedCnn r, string prefix, string x)
    {
        string Layer(string name, string input) => Emit(Child(r, name), prefix + name + ".", input);
        string Relu(string input, string name) => graph.Node("Relu", prefix + name + ".relu", [input]);
        var h = Relu(Layer("conv2", Relu(Layer("conv1", x), "conv1")), "conv2");
        var shortcut2 = h;
        h = Relu(Layer("conv4", Relu(Layer("conv3", h), "conv3")), "conv4");
        var shortcut3 = h;
        h = Relu(Layer("conv5", h), "conv5");
        h = graph.Node("Add", prefix + "shortcut3", [Layer("tconv1", h), shortcut3]);
        h = graph.Node("Add", prefix + "shortcut2", [Layer("tconv3", Relu(Layer("tconv2", Relu(h, "tconv1")), "tconv2")), shortcut2]);
        return graph.Node("Add", prefix + "shortcut1", [Layer("tconv5", Relu(Layer("tconv4", Relu(h, "tconv3")), "tconv4")), x]);
    }

    /// <summary>DC-GAN discriminator: features, the b×b head convolution to [N, 1, 1, 1], then one logit per image [N].</summary>
    private string DcGanLogits(DcGanDiscriminator d, string prefix, string x)
    {
        var head = Emit(Child(d, "head"), prefix + "head.", Emit(Child(d, "features"), prefix + "features.", x));
        return graph.Node("Reshape", prefix + "logit", [head, graph.Int64s(prefix + "logit_shape", -1)]);
    }

    private string MaxPool(MaxPool2d p, string prefix, string x)
    {
        long[] kernel = Pair(p.kernel_size, prefix), stride = Pair(p.stride ?? p.kernel_size, prefix), padding = Pair(p.padding ?? [0], prefix);
        if (p.ceil_mode || (p.dilation is { } dilation && dilation.Any(v => v != 1)))
            throw new NotSupportedException($"ONNX export: {prefix} max pooling with ceil_mode or dilation is not mapped");
        return graph.Node("MaxPool", prefix + "max_pool", [x], OnnxAttribute.Of("kernel_shape", kernel), OnnxAttribute.Of("strides", stride),
            OnnxAttribute.Of("pads", padding[0], padding[1], padding[0], padding[1]));
    }

    private string Flatten(Flatten f, string prefix, string x)
    {
        if (f.start_dim != 1 || f.end_dim != -1) throw new NotSupportedException($"ONNX export: {prefix} flattens dims {f.start_dim}…{f.end_dim}, only 1…−1 is mapped");
        return graph.Node("Flatten", prefix + "flatten", [x], OnnxAttribute.Of("axis", 1L));
    }

    /// <summary>Linear y = x·Wᵀ + b as Gemm with transB (W keeps its [out, in] state_dict layout).</summary>
    private string Gemm(Linear l, string prefix, string x)
    {
        var inputs = new List<string> { x, graph.Weight(prefix + "weight", l.weight!) };
        if (l.bias is { } bias) inputs.Add(graph.Weight(prefix + "bias", bias));
        return graph.Node("Gemm", prefix + "linear", inputs, OnnxAttribute.Of("transB", 1L));
    }

    /// <summary>
    /// The domain feature encoder: <see cref="ImageClassifier"/>'s feature stack for square images of side
    /// <paramref name="side"/> (the classification head and its dropout are not part of the features). ONNX has no
    /// adaptive pooling, so adaptive average pooling becomes AveragePool with kernel = stride = side / output, which is
    /// the same computation when the side divides evenly (anything else is refused).
    /// </summary>
    public string ClassifierFeatures(ImageClassifier classifier, long side, string x)
    {
        foreach (var (name, layer) in Child(classifier, "features").named_children())
        {
            var prefix = $"features.{name}.";
            if (layer is AdaptiveAvgPool2d pool)
            {
                long output = pool.output_size[0];
                if (pool.output_size.Any(o => o != output) || side % output != 0)
                    throw new NotSupportedException($"ONNX export: {prefix} pools {side}×{side} adaptively to [{string.Join(", ", pool.output_size)}]; only even divisions are mapped");
                long k = side / output;
                x = graph.Node("AveragePool", prefix + "average_pool", [x], OnnxAttribute.Of("kernel_shape", k, k), OnnxAttribute.Of("strides", k, k));
                side = output;
                continue;
            }
            x = Emit(layer, prefix, x);
            side = layer switch
            {
                Conv2d c => (side + 2 * Pair(c.padding, prefix)[0] - c.dilation[0] * (c.kernel_size[0] - 1) - 1) / c.stride[0] + 1,
                MaxPool2d p => (side + 2 * Pair(p.padding ?? [0], prefix)[0] - Pair(p.kernel_size, prefix)[0]) / Pair(p.stride ?? p.kernel_size, prefix)[0] + 1,
                _ => side,
            };
        }
        return x;
    }

    private static long[] Pair(long[]? values, string prefix) => values switch
    {
        { Length: 2 } p when p[0] == p[1] => p,
        { Length: 1 } p => [p[0], p[0]],
        _ => throw new NotSupportedException($"ONNX export: {prefix} has non-square or missing sizes [{string.Join(", ", values ?? [])}]"),
    };

    private static nn.Module Child(nn.Module module, string name) =>
        module.named_children().FirstOrDefault(c => c.name == name).module
        ?? throw new NotSupportedException($"ONNX export: {module.GetType().Name} has no submodule '{name}'");

    private static float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();
}
