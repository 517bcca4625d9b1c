using System.Globalization;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Nn.CycleGan;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>PyTorch weight file formats.</summary>
public enum WeightFormat
{
    /// <summary>torch.save zip of a state_dict (.pth); read by torch.load(..., weights_only=True).</summary>
    PyTorch,
    /// <summary>huggingface safetensors (.safetensors).</summary>
    SafeTensors,
}

/// <summary>Which of a GAN's two networks to export.</summary>
public enum ExportedNetwork { Generator, Discriminator }

/// <summary>What was written: the file, the TidyGan network and the reference class whose keys it carries.</summary>
public sealed record WeightsExport(string Path, WeightFormat Format, ModelKind Kind, string Network, string ReferenceClass,
    string ReferenceSource, bool UsesEma, long Step, int Tensors, long Elements, string? Note = null);

/// <summary>
/// Writes a checkpoint's network as a PyTorch state_dict whose key names and shapes are the reference implementation's
/// (<see cref="ReferenceLayout"/>, docs/weights.md): batch norms with running statistics and num_batches_tracked, as
/// PyTorch's state_dict has them; the generator's EMA weights when the run kept them, unless told otherwise.
/// </summary>
public static class WeightsExporter
{
    public static WeightFormat ParseFormat(string text) => text.ToLowerInvariant() switch
    {
        "pytorch" or "pth" or "pt" => WeightFormat.PyTorch,
        "safetensors" => WeightFormat.SafeTensors,
        _ => throw new UserException($"--format '{text}' is neither pytorch nor safetensors"),
    };

    public static string Extension(WeightFormat format) => format == WeightFormat.PyTorch ? ".pth" : ".safetensors";

    /// <summary>The format a file name implies (.pth/.pt → pytorch, .safetensors → safetensors).</summary>
    public static WeightFormat FormatOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".pth" or ".pt" or ".bin" => WeightFormat.PyTorch,
        ".safetensors" => WeightFormat.SafeTensors,
        var e => throw new UserException($"{path}: unknown weight file ending '{e}' (.pth, .pt or .safetensors)"),
    };

    /// <param name="referenceIo">Also write inputs and TidyGan's outputs there (<see cref="WriteReferenceIo"/>).</param>
    /// <exception cref="UserException">The model has no network with a reference layout, or the file cannot be written.</exception>
    public static WeightsExport Export(string checkpoint, string outputPath, WeightFormat format, ExportedNetwork which = ExportedNetwork.Generator,
        CycleDirection direction = CycleDirection.AToB, bool preferEma = true, string? referenceIo = null)
    {
        using var model = CheckpointLoader.Load<IGan>(checkpoint, CPU, preferEma && which == ExportedNetwork.Generator);
        var network = Select(model, which, direction);
        var layout = ReferenceLayout.For(network);
        using var weights = ToReference(network, layout);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["tidygan.kind"] = model.Manifest.Kind.Name(),
            ["tidygan.network"] = network.GetType().Name,
            ["tidygan.reference"] = $"{layout.ReferenceClass} ({layout.Source})",
            ["tidygan.step"] = model.Manifest.Step.ToString(CultureInfo.InvariantCulture),
            ["tidygan.weights"] = which == ExportedNetwork.Discriminator ? "discriminator" : model.UsesEma ? "ema" : "live",
        };
        if (model.Gan is Gans.CycleGan) metadata["tidygan.direction"] = direction == CycleDirection.AToB ? "a2b" : "b2a";
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(outputPath));
        if (folder is not null) Directory.CreateDirectory(folder);
        if (format == WeightFormat.PyTorch) PyTorchFile.Write(outputPath, weights);
        else SafeTensorsFile.Write(outputPath, weights, metadata);
        if (referenceIo is not null)
            WriteReferenceIo(network, referenceIo, model.Gan is Gans.CycleGan c ? c.Config.Model.ImageSize : model.Data.Size);
        string? note = network switch
        {
            Nn.DcGanGenerator { Options.ImageSize: not 64 } g => SizeNote(g.Options),
            Nn.DcGanDiscriminator { Options.ImageSize: not 64 } d => SizeNote(d.Options),
            _ => null,
        };
        return new WeightsExport(outputPath, format, model.Manifest.Kind, network.GetType().Name, layout.ReferenceClass, layout.Source,
            model.UsesEma && which == ExportedNetwork.Generator, model.Manifest.Step, weights.Count,
            weights.Entries.Sum(e => e.Value.NumberOfElements), note);
    }

    private static string SizeNote(Nn.DcGanOptions o) =>
        $"pytorch/examples' classes build 64 px only (4 up-steps from 4×4); this {o.ImageSize} px network has {o.Steps} from {o.BaseSize}×{o.BaseSize}: " +
        "same key scheme, but the PyTorch side needs its Sequential built the same way (docs/weights.md)";

    /// <summary>The network <see cref="Export"/> writes. Cycle-GAN: a2b's generator is the reference's G_A and the discriminator of
    /// domain B (TidyGan's judge_b) its D_A; b2a gives G_B and D_B.</summary>
    public static nn.Module Select<TGan>(TrainedModel<TGan> model, ExportedNetwork which, CycleDirection direction) where TGan : class, IGan
    {
        if (which == ExportedNetwork.Generator) return OnnxExporter.Network(model, direction);
        var discriminator = model.Gan.Discriminator;
        Checkpoint.LoadModule(discriminator, System.IO.Path.Combine(model.Folder, Checkpoint.DiscriminatorFile));
        discriminator.eval();
        return discriminator switch
        {
            CycleDiscriminators pair => direction == CycleDirection.AToB ? pair.JudgeB : pair.JudgeA,
            var d => d,
        };
    }

    /// <summary>The network's state_dict under the reference's key names.</summary>
    public static StateDict ToReference(nn.Module network, ReferenceLayout layout)
    {
        var state = network.state_dict();
        var result = new StateDict();
        foreach (var (tidy, reference) in layout.Pairs) result.Add(reference, state[tidy]);
        return result;
    }

    /// <summary>
    /// Writes a safetensors file of inputs and TidyGan's outputs for <paramref name="network"/>, so a PyTorch twin can check
    /// that it computes the same (bench/reference_weights.py --io): <c>input</c> (DC-GAN generator: <paramref name="count"/>
    /// latent codes z ~ N(0, I); other networks: images uniform in [−1, 1], seed <paramref name="seed"/>), <c>expected</c>
    /// (eval mode) and, for networks with batch norm, <c>expected_train</c> (batch statistics, as `sample` draws). The DC-GAN
    /// discriminator's outputs go through a sigmoid, as the reference's netD ends with one (TidyGan's gives logits).
    /// </summary>
    public static void WriteReferenceIo(nn.Module network, string path, int imageSize, int count = 8, int seed = 7)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var random = new Generator((ulong)seed);
        var module = (nn.Module<Tensor, Tensor>)network;
        Tensor input = network switch
        {
            Nn.DcGanGenerator g => randn([count, g.Options.LatentDim], generator: random),
            Nn.DcGanDiscriminator d => rand([count, d.Options.Channels, d.Options.ImageSize, d.Options.ImageSize], generator: random) * 2 - 1,
            _ => ImageInput(network, imageSize, count, random),
        };
        bool probability = network is Nn.DcGanDiscriminator;
        Tensor Run(bool train)
        {
            network.train(train);
            var y = module.call(input);
            return probability ? sigmoid(y) : y;
        }
        var wasTraining = network.training;
        try
        {
            using var io = new StateDict();
            io.Add("input", input);
            io.Add("expected", Run(false));
            // Running a batch norm in training mode updates its running statistics: keep a copy and put them back.
            var norms = network.modules().OfType<TorchSharp.Modules.BatchNorm2d>().ToList();
            if (norms.Count > 0)
            {
                var saved = norms.Select(n => (n.running_mean!.clone(), n.running_var!.clone(), n.num_batches_tracked!.clone())).ToList();
                io.Add("expected_train", Run(true));
                for (int i = 0; i < norms.Count; i++)
                {
                    norms[i].running_mean!.copy_(saved[i].Item1);
                    norms[i].running_var!.copy_(saved[i].Item2);
                    norms[i].num_batches_tracked!.copy_(saved[i].Item3);
                }
            }
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (folder is not null) Directory.CreateDirectory(folder);
            SafeTensorsFile.Write(path, io, new Dictionary<string, string> { ["tidygan.network"] = network.GetType().Name, ["seed"] = $"{seed}" });
        }
        finally { network.train(wasTraining); }
    }

    private static Tensor ImageInput(nn.Module network, int size, int count, Generator random)
    {
        var first = network.modules().OfType<TorchSharp.Modules.Conv2d>().FirstOrDefault()
            ?? throw new UserException($"{network.GetType().Name}: no convolution to read the input channels from");
        return rand([count, first.in_channels, size, size], generator: random) * 2 - 1;
    }

    /// <summary>Reads a .pth or .safetensors file (by its ending) into a state_dict.</summary>
    public static StateDict Read(string path)
    {
        if (!File.Exists(path)) throw new UserException($"{path}: no such file");
        return FormatOf(path) == WeightFormat.PyTorch ? PyTorchFile.Read(path) : SafeTensorsFile.Read(path).Tensors;
    }
}
