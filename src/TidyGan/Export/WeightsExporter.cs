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
    string ReferenceSource, bool UsesEma, long Step, int Tensors, long Elements);

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

    /// <exception cref="UserException">The model has no network with a reference layout, or the file cannot be written.</exception>
    public static WeightsExport Export(string checkpoint, string outputPath, WeightFormat format, ExportedNetwork which = ExportedNetwork.Generator,
        CycleDirection direction = CycleDirection.AToB, bool preferEma = true)
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
        return new WeightsExport(outputPath, format, model.Manifest.Kind, network.GetType().Name, layout.ReferenceClass, layout.Source,
            model.UsesEma && which == ExportedNetwork.Generator, model.Manifest.Step, weights.Count,
            weights.Entries.Sum(e => e.Value.NumberOfElements));
    }

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

    /// <summary>Reads a .pth or .safetensors file (by its ending) into a state_dict.</summary>
    public static StateDict Read(string path)
    {
        if (!File.Exists(path)) throw new UserException($"{path}: no such file");
        return FormatOf(path) == WeightFormat.PyTorch ? PyTorchFile.Read(path) : SafeTensorsFile.Read(path).Tensors;
    }
}
