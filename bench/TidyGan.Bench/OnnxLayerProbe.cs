using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;
using TidyGan.Data;
using TidyGan.Export;
using TidyGan.Gans;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Bench;

/// <summary>
/// `bench onnx-layers`: where ONNX Runtime's output of a Cycle-GAN ResNet generator departs from the exact one, layer by
/// layer (issue 15's 2.3e-4). The generator's top-level layers (model.0, model.1, …) run three ways on the Colin27 slices
/// `translate` prepares: TidyGan float32, ONNX Runtime float32 (one graph whose every layer output is a graph output) and
/// TidyGan on a float64 copy of the same weights (the reference). Two errors per layer against float64:
/// <b>chained</b> (each engine fed its own previous output, as in the full network) and <b>local</b> (every engine given
/// the same input, the float64 reference's previous output rounded to float32), so a layer whose kernel is inexact stands
/// out from layers that only pass an earlier error on.
/// </summary>
internal static class OnnxLayerProbe
{
    private const string Usage = "onnx-layers [--checkpoint RUN] [--input ch2.nii.gz] [--batch 16] [--optimization all|none] [--instance-norm float64|operator]";

    public static int Run(string[] args)
    {
        string? checkpoint = null;
        string input = Datasets.Ch2Path;
        int batch = 16;
        var level = GraphOptimizationLevel.ORT_ENABLE_ALL;
        bool wide = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value; usage: {Usage}");
            switch (args[i])
            {
                case "--checkpoint": checkpoint = Value(); break;
                case "--input": input = Value(); break;
                case "--batch": batch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--instance-norm": wide = Value() != "operator"; break;
                case "--optimization": level = Value() == "none" ? GraphOptimizationLevel.ORT_DISABLE_ALL : GraphOptimizationLevel.ORT_ENABLE_ALL; break;
                default: throw new ArgumentException($"unknown option {args[i]}; usage: {Usage}");
            }
        }
        torch.set_num_threads(1);
        var temp = Path.Combine(Path.GetTempPath(), $"tidygan-bench-onnx-layers-{Environment.ProcessId}");
        try
        {
            checkpoint ??= InferenceBench.TrainTinyRun(Path.Combine(temp, "run"));
            return Probe(checkpoint, input, batch, level, wide);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, true);
        }
    }

    private static int Probe(string checkpoint, string inputPath, int batch, GraphOptimizationLevel level, bool wide)
    {
        using var model = CheckpointLoader.Load<Gans.CycleGan>(checkpoint, CPU);
        using var exact = CheckpointLoader.Load<Gans.CycleGan>(checkpoint, CPU);
        var direction = InferenceBench.TranslateDirection(model.Gan.Config);
        nn.Module Pick(CycleGan gan) => direction == TranslationDirection.AToB ? gan.Generators.AToB : gan.Generators.BToA;
        var layers = Layers(Pick(model.Gan));
        var layers64 = Layers(Pick(exact.Gan).to(float64));
        var volume = VolumeFiles.Read(inputPath);
        using var prepared = VolumeTranslator.Translate(model.Gan, volume, direction, batch);
        var x = prepared.NetworkInput;
        using var noGrad = no_grad();

        // Per batch of slices: TidyGan float32, the float64 reference, and ONNX Runtime chained and local; keep each layer's maxima.
        int n = (int)x.shape[0], count = layers.Count;
        var errors = new double[4, count];
        var range = new double[count];
        InferenceSession? chainedSession = null, localSession = null;
        try
        {
            for (int start = 0; start < n; start += batch)
            {
                using var scope = NewDisposeScope();
                var b = x.narrow(0, start, Math.Min(batch, n - start));
                var tidy = Chain(layers, b);
                var reference = Chain(layers64, b.to(float64));
                var localTidy = layers.Select((l, k) => l.Module.call((k == 0 ? b.to(float64) : reference[k - 1]).to(float32))).ToList();
                chainedSession ??= Session(layers, b, reference, chainedInputs: true, level, wide);
                localSession ??= Session(layers, b, reference, chainedInputs: false, level, wide);
                var chained = RunOnnx(chainedSession, b, reference, chainedInputs: true);
                var local = RunOnnx(localSession, b, reference, chainedInputs: false);
                for (int k = 0; k < count; k++)
                {
                    var r = reference[k];
                    range[k] = Math.Max(range[k], r.abs().max().item<double>());
                    foreach (var (which, t) in new[] { (0, tidy[k]), (1, chained[k]), (2, localTidy[k]), (3, local[k]) })
                        errors[which, k] = Math.Max(errors[which, k], (t.to(float64) - r).abs().max().item<double>());
                }
            }
        }
        finally
        {
            chainedSession?.Dispose();
            localSession?.Dispose();
        }

        AnsiConsole.MarkupLine($"[bold]ONNX Runtime vs TidyGan, layer by layer[/] {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {x.shape[0]} prepared slices of " +
                               $"{Markup.Escape(inputPath)}, generator step {model.Manifest.Step}; ORT graph optimisation {level}; instance norm {(wide ? "with float64 statistics (Cast, ReduceMean, ...)" : "as InstanceNormalization")}; load {Machine.LoadAverage()}");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "layer", "kind", "max |ref|", "TidyGan chained", "ORT chained", "TidyGan local", "ORT local" }) table.AddColumn(c);
        for (int k = 0; k < count; k++)
            table.AddRow(layers[k].Name, layers[k].Module.GetType().Name, $"{range[k]:0.###}",
                $"{errors[0, k]:0.00e+0}", $"{errors[1, k]:0.00e+0}", $"{errors[2, k]:0.00e+0}", $"{errors[3, k]:0.00e+0}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("errors: max abs difference from TidyGan's float64 run of the same weights (chained: each engine on its own previous output; " +
                               "local: each engine given the float64 reference's previous output in float32)");
        return 0;
    }

    private sealed record Layer(string Name, nn.Module<Tensor, Tensor> Module);

    private static List<Layer> Layers(nn.Module generator)
    {
        generator.eval();
        var body = (TorchSharp.Modules.Sequential)generator.named_children().Single(c => c.name == "model").module;
        return body.named_children().Select(c => new Layer($"model.{c.name}", (nn.Module<Tensor, Tensor>)c.module)).ToList();
    }

    private static List<Tensor> Chain(List<Layer> layers, Tensor x)
    {
        var outputs = new List<Tensor>();
        foreach (var layer in layers) outputs.Add((x = layer.Module.call(x)).clone());   // a copy: the next in-place ReLU would overwrite it
        return outputs;
    }

    /// <summary>
    /// Chained: one graph, the input flows through every layer. Local: layer k's input is a graph input fed with the
    /// reference's previous output in float32. Either way every layer's output is a graph output; the batch axis is symbolic.
    /// </summary>
    private static InferenceSession Session(List<Layer> layers, Tensor x, List<Tensor> reference, bool chainedInputs, GraphOptimizationLevel level, bool wide)
    {
        var graph = new OnnxGraphBuilder();
        var emit = new OnnxModuleEmitter(graph, float64InstanceStatistics: wide);
        object[] Dims(Tensor t) => [OnnxGraphBuilder.BatchAxis, .. t.shape.Skip(1).Cast<object>()];
        var value = graph.Input("input_0", OnnxType.Float, Dims(x));
        for (int k = 0; k < layers.Count; k++)
        {
            if (!chainedInputs && k > 0) value = graph.Input($"input_{k}", OnnxType.Float, Dims(reference[k - 1]));
            value = emit.Emit(layers[k].Module, layers[k].Name + ".", value);
            graph.Output(value, $"out_{k}", OnnxType.Float, Dims(reference[k]));
        }
        var bytes = new OnnxModel(graph.Build("probe"), OnnxExporter.Opset, [], "probe").ToBytes();
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = level };
        return new InferenceSession(bytes, options);
    }

    private static List<Tensor> RunOnnx(InferenceSession session, Tensor x, List<Tensor> reference, bool chainedInputs)
    {
        var feeds = new List<(string Name, Tensor Value)> { ("input_0", x) };
        if (!chainedInputs) feeds.AddRange(reference.SkipLast(1).Select((r, k) => ($"input_{k + 1}", r.to(float32))));
        var values = feeds.Select(f =>
        {
            using var c = f.Value.contiguous();
            return OrtValue.CreateTensorValueFromMemory(c.data<float>().ToArray(), c.shape);
        }).ToList();
        try
        {
            using var run = new RunOptions();
            var names = Enumerable.Range(0, reference.Count).Select(k => $"out_{k}").ToArray();
            using var outputs = session.Run(run, feeds.Select(f => f.Name).ToArray(), values, names);
            return outputs.Select(o => tensor(o.GetTensorDataAsSpan<float>().ToArray(), o.GetTensorTypeAndShape().Shape)).ToList();
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }
}
