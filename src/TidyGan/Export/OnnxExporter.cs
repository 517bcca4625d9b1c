using System.Globalization;
using System.Reflection;
using System.Text.Json;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Nn;
using TidyGan.Nn.CycleGan;
using TidyGan.Nn.Paired;
using TidyGan.Nn.Segmentation;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>Which Cycle-GAN generator to export: a2b is the paper's G (A → B, e.g. MR → CT), b2a its F.</summary>
public enum CycleDirection { AToB, BToA }

/// <summary>What was exported: the file, the network's graph inputs/outputs and the metadata written into it.</summary>
public sealed record OnnxExport(string Path, ModelKind Kind, string Network, bool UsesEma, long Step,
    IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Exports a checkpoint's deployable network as an ONNX model (opset 13, IR 7): DC-GAN and WGAN-GP generators (z → image),
/// the C-GAN generator (z, class → image), either Cycle-GAN generator (image → image) and the segmentation U-Net
/// (image → class logits). Eval-mode semantics (running batch-norm statistics, EMA weights when the run kept them),
/// a symbolic batch axis, and the intensity mapping of every [−1, 1] input and output written as metadata (docs/onnx.md).
/// </summary>
public static class OnnxExporter
{
    public const int Opset = 13;

    /// <summary>Graph input/output names.</summary>
    public const string Latent = "z", ClassInput = "class", ImageInput = "image", ImageOutput = "image_out", LogitsOutput = "logits",
        PatchScoresOutput = "patch_scores", FeaturesOutput = "features";

    /// <exception cref="UserException">The checkpoint holds a model with no exportable network.</exception>
    /// <param name="recalibrate">
    /// Latent generators only: when &gt; 0, re-estimate every batch norm's running statistics from this many latent draws
    /// (seed <paramref name="seed"/>) with the final weights before exporting (see <see cref="Recalibrate"/>); 0 keeps the
    /// statistics training left.
    /// </param>
    /// <param name="which">The generator (default) or the discriminator (Cycle-GAN: the one judging the output domain of
    /// <paramref name="direction"/>'s generator, as <see cref="WeightsExporter.Select"/> picks it).</param>
    public static OnnxExport Export(string checkpoint, string outputPath, CycleDirection direction = CycleDirection.AToB, bool preferEma = true,
        int recalibrate = 0, int seed = 0, ExportedNetwork which = ExportedNetwork.Generator)
    {
        using var model = CheckpointLoader.Load<IGan>(checkpoint, CPU, preferEma);
        if (recalibrate > 0) Recalibrate(model, recalibrate, seed);
        var (graph, network, inputs, outputs, metadata) = Build(model, direction, batchStatistics: false, which);
        if (WeightsExporter.Select(model, which, direction).modules().OfType<TorchSharp.Modules.BatchNorm2d>().Any())
            metadata.Add(new("tidygan.batch_norm", recalibrate > 0
                ? $"running statistics re-estimated from {recalibrate} latent draws (seed {seed}) with the exported weights"
                : "running statistics as training left them"));
        Write(outputPath, new OnnxModel(graph, Opset, [.. metadata], Version).ToBytes());
        return new OnnxExport(outputPath, model.Manifest.Kind, network, model.UsesEma && which == ExportedNetwork.Generator, model.Manifest.Step,
            inputs, outputs, metadata.ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>Writes a model's bytes atomically, creating the folder.</summary>
    internal static void Write(string outputPath, byte[] bytes)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(outputPath));
        if (folder is not null) Directory.CreateDirectory(folder);
        AtomicFile.WriteAllBytes(outputPath, bytes);
    }

    /// <summary>
    /// The model's network as ONNX bytes, in memory. <paramref name="batchStatistics"/>: batch norms normalise by the
    /// statistics of each batch they are given, as `tidygan sample` does (then a batch is one sampling chunk, not a set
    /// of independent images).
    /// </summary>
    public static byte[] ToOnnx<TGan>(TrainedModel<TGan> model, CycleDirection direction = CycleDirection.AToB, bool batchStatistics = false)
        where TGan : class, IGan
    {
        var (graph, _, _, _, metadata) = Build(model, direction, batchStatistics);
        metadata.Add(new("tidygan.batch_norm", batchStatistics ? "batch statistics of each run (as tidygan sample)" : "running statistics as training left them"));
        return new OnnxModel(graph, Opset, [.. metadata], Version).ToBytes();
    }

    /// <summary>The network <see cref="Export"/> writes for <paramref name="model"/>, as the module TidyGan runs (for comparisons).</summary>
    public static nn.Module Network<TGan>(TrainedModel<TGan> model, CycleDirection direction = CycleDirection.AToB) where TGan : class, IGan =>
        model.Gan.Generator switch
    {
        CycleGenerators pair => direction == CycleDirection.AToB ? pair.AToB : pair.BToA,
        var g => g,
    };

    /// <summary>
    /// Sets every batch norm's running mean and (unbiased) variance to the statistics of one batch of
    /// <paramref name="draws"/> latent codes (classes 0, 1, 2, … in turn for C-GAN) passed through the generator, so eval
    /// mode normalises as `sample` (which uses batch statistics) does, up to sampling noise. During adversarial training
    /// the running averages lag the generator, and an EMA copy never had statistics of its own.
    /// </summary>
    public static void Recalibrate(TrainedModel<IGan> model, int draws, int seed)
    {
        if (model.Gan is not IImageGenerator generator || model.Gan is Gans.CycleGan)
            throw new UserException($"--recalibrate: only latent generators (dcgan, wgan-gp, cgan) have batch norms to re-estimate, not {model.Manifest.Kind.Name()}");
        var network = model.Gan.Generator;
        var norms = network.modules().OfType<TorchSharp.Modules.BatchNorm2d>().ToList();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var norm in norms)
        {
            norm.reset_running_stats();
            norm.momentum = 1.0;                    // running = this batch's statistics
        }
        try
        {
            network.train();
            using var random = new Generator((ulong)seed);
            var z = generator.SampleLatent(draws, random, CPU);
            var labels = generator.ClassCount > 0 ? arange(draws, dtype: int64).remainder(generator.ClassCount) : null;
            generator.Generate(network, z, labels);
        }
        finally
        {
            foreach (var norm in norms) norm.momentum = 0.1;
            network.eval();
        }
    }

    private static (OnnxGraph, string, List<string>, List<string>, List<KeyValuePair<string, string>>) Build<TGan>(TrainedModel<TGan> model,
        CycleDirection direction, bool batchStatistics, ExportedNetwork which = ExportedNetwork.Generator) where TGan : class, IGan
    {
        var network = WeightsExporter.Select(model, which, direction);
        network.eval();
        using var noGrad = no_grad();
        var graph = new OnnxGraphBuilder();
        var emit = new OnnxModuleEmitter(graph, batchStatistics);
        var manifest = model.Manifest;
        var meta = new List<KeyValuePair<string, string>>
        {
            new("tidygan.kind", manifest.Kind.Name()),
            new("tidygan.network", network.GetType().Name),
            new("tidygan.step", manifest.Step.ToString(CultureInfo.InvariantCulture)),
            new("tidygan.weights", which == ExportedNetwork.Discriminator ? "discriminator (live)" : model.UsesEma ? "ema" : "live"),
            new("tidygan.checkpoint", CheckpointName(model.Folder)),
            new("tidygan.semantics", "eval: batch norm with running statistics, instance norm per image, no dropout"),
            new("tidygan.intensity.mapping", "physical = low + (value + 1) / 2 * (high - low)"),
        };
        const string batch = OnnxGraphBuilder.BatchAxis;
        List<string> inputs, outputs;
        switch (network)
        {
            case DcGanGenerator g:
            {
                var o = g.Options;
                var z = graph.Input(Latent, OnnxType.Float, batch, (long)o.LatentDim);
                graph.Output(emit.DcGan(g, z), ImageOutput, OnnxType.Float, batch, (long)o.Channels, (long)o.ImageSize, (long)o.ImageSize);
                (inputs, outputs) = ([Latent], [ImageOutput]);
                meta.Add(new("tidygan.latent_dim", o.LatentDim.ToString(CultureInfo.InvariantCulture)));
                meta.Add(new("tidygan.latent", "z ~ N(0, I), float32 [batch, latent_dim]"));
                AddIntensity(meta, "output", model.Data);
                break;
            }
            case ConditionalGenerator g:
            {
                var o = g.Options.Base;
                var z = graph.Input(Latent, OnnxType.Float, batch, (long)o.LatentDim);
                var labels = graph.Input(ClassInput, OnnxType.Int64, batch);
                graph.Output(emit.Conditional(g, z, labels), ImageOutput, OnnxType.Float, batch, (long)o.Channels, (long)o.ImageSize, (long)o.ImageSize);
                (inputs, outputs) = ([Latent, ClassInput], [ImageOutput]);
                meta.Add(new("tidygan.latent_dim", o.LatentDim.ToString(CultureInfo.InvariantCulture)));
                meta.Add(new("tidygan.latent", "z ~ N(0, I), float32 [batch, latent_dim]"));
                meta.Add(new("tidygan.class_count", g.Options.ClassCount.ToString(CultureInfo.InvariantCulture)));
                meta.Add(new("tidygan.class_names", JsonSerializer.Serialize(model.Data.ClassNames)));
                AddIntensity(meta, "output", model.Data);
                break;
            }
            case UnetGenerator or RedCnn when model.Gan is IPairedModel paired:
            {
                long size = paired.ImageSize;
                var image = graph.Input(ImageInput, OnnxType.Float, batch, 1L, size, size);
                graph.Output(emit.Emit(network, "", image), ImageOutput, OnnxType.Float, batch, 1L, size, size);
                (inputs, outputs) = ([ImageInput], [ImageOutput]);
                meta.Add(new("tidygan.field_of_view_mm", paired.Domains.FieldOfViewMm.ToString("R", CultureInfo.InvariantCulture)));
                meta.Add(new("tidygan.input.preprocessing",
                    "axial head slices resampled to size x size pixels over field_of_view_mm around the head's centre, then [low, high] mapped to [-1, 1] (as `tidygan denoise` does)"));
                AddIntensity(meta, "input", paired.Domains.Input);
                AddIntensity(meta, "output", paired.Domains.Target);
                break;
            }
            case ResnetGenerator or UnetGenerator:
            {
                var config = ((Gans.CycleGan)(IGan)model.Gan).Config;
                var o = config.Model;
                var (source, target) = direction == CycleDirection.AToB ? (config.DomainA, config.DomainB) : (config.DomainB, config.DomainA);
                var image = graph.Input(ImageInput, OnnxType.Float, batch, (long)o.Channels, (long)o.ImageSize, (long)o.ImageSize);
                graph.Output(emit.Emit(network, "", image), ImageOutput, OnnxType.Float, batch, (long)o.Channels, (long)o.ImageSize, (long)o.ImageSize);
                (inputs, outputs) = ([ImageInput], [ImageOutput]);
                meta.Add(new("tidygan.direction", direction == CycleDirection.AToB ? "a2b" : "b2a"));
                meta.Add(new("tidygan.field_of_view_mm", config.FieldOfViewMm.ToString("R", CultureInfo.InvariantCulture)));
                meta.Add(new("tidygan.input.preprocessing",
                    "axial head slices resampled to size x size pixels over field_of_view_mm around the head's centre, then [low, high] mapped to [-1, 1] (as `tidygan translate` does)"));
                AddIntensity(meta, "input", source);
                AddIntensity(meta, "output", target);
                break;
            }
            case UNet2d u:
            {
                var o = u.Options;
                var image = graph.Input(ImageInput, OnnxType.Float, batch, (long)o.InChannels, (long)o.ImageSize, (long)o.ImageSize);
                graph.Output(emit.Emit(u, "", image), LogitsOutput, OnnxType.Float, batch, (long)o.Classes, (long)o.ImageSize, (long)o.ImageSize);
                (inputs, outputs) = ([ImageInput], [LogitsOutput]);
                meta.Add(new("tidygan.class_names", JsonSerializer.Serialize(model.Data.ClassNames)));
                meta.Add(new("tidygan.output", "class logits (softmax over axis 1 gives probabilities)"));
                meta.Add(new("tidygan.input.preprocessing",
                    "axial slices on the training grid, head centred; MR: per-slice percentile window to [-1, 1]; CT: fixed HU window to [-1, 1]"));
                AddIntensity(meta, "input", model.Data);
                break;
            }
            case DcGanDiscriminator or PatchDiscriminator:
            {
                var (channels, size) = model.Gan is Gans.CycleGan cycle ? (cycle.Config.Model.Channels, cycle.Config.Model.ImageSize) : (model.Data.Channels, model.Data.Size);
                var image = graph.Input(ImageInput, OnnxType.Float, batch, (long)channels, (long)size, (long)size);
                using var probe = ((nn.Module<Tensor, Tensor>)network).call(zeros(1, channels, size, size));   // the output's exact shape
                var name = network is DcGanDiscriminator ? LogitsOutput : PatchScoresOutput;
                graph.Output(emit.Emit(network, "", image), name, OnnxType.Float, [batch, .. probe.shape.Skip(1).Cast<object>()]);
                (inputs, outputs) = ([ImageInput], [name]);
                meta.Add(new("tidygan.output", network is DcGanDiscriminator
                    ? "one real/fake logit per image (sigmoid gives P(real))"
                    : "one real/fake score per overlapping patch (LSGAN: 1 real, 0 fake)"));
                var judged = model.Gan is Gans.CycleGan c ? (direction == CycleDirection.AToB ? c.Config.DomainB : c.Config.DomainA) : model.Data;
                if (model.Gan is Gans.CycleGan) meta.Add(new("tidygan.direction", direction == CycleDirection.AToB ? "a2b" : "b2a"));
                AddIntensity(meta, "input", judged);
                break;
            }
            default:
                throw new UserException($"{model.Folder}: a {manifest.Kind.Name()} model has no exportable {(which == ExportedNetwork.Discriminator ? "discriminator" : "image network")} " +
                    "(ONNX export covers dcgan, wgan-gp, cgan, cyclegan, segmentation, pix2pix and denoiser checkpoints)");
        }
        return (graph.Build($"tidygan_{manifest.Kind.Name().Replace('-', '_')}"), network.GetType().Name, inputs, outputs, meta);
    }

    /// <summary>run/checkpoints/step-N, without the machine's absolute path.</summary>
    private static string CheckpointName(string folder)
    {
        var run = System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(folder));
        return run is null ? System.IO.Path.GetFileName(folder)
            : System.IO.Path.GetRelativePath(System.IO.Path.GetDirectoryName(run) ?? run, folder).Replace('\\', '/');
    }

    private static void AddIntensity(List<KeyValuePair<string, string>> meta, string which, DataDescription data)
    {
        meta.Add(new($"tidygan.{which}.domain", data.Name));
        meta.Add(new($"tidygan.{which}.unit", data.IntensityUnit));
        meta.Add(new($"tidygan.{which}.low", data.IntensityLow.ToString("R", CultureInfo.InvariantCulture)));
        meta.Add(new($"tidygan.{which}.high", data.IntensityHigh.ToString("R", CultureInfo.InvariantCulture)));
        meta.Add(new($"tidygan.{which}.size", data.Size.ToString(CultureInfo.InvariantCulture)));
        meta.Add(new($"tidygan.{which}.channels", data.Channels.ToString(CultureInfo.InvariantCulture)));
    }

    internal static string Version =>
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    /// <summary>Parses a2b / b2a (also mr2ct-style names are not guessed: only these two).</summary>
    public static CycleDirection ParseDirection(string text) => text.ToLowerInvariant() switch
    {
        "a2b" or "atob" => CycleDirection.AToB,
        "b2a" or "btoa" => CycleDirection.BToA,
        _ => throw new UserException($"--generator '{text}' is neither a2b nor b2a"),
    };
}
