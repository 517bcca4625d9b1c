using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>Collects nodes, weights and graph inputs/outputs; names node outputs uniquely.</summary>
public sealed class OnnxGraphBuilder
{
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxTensor> initializers = [];
    private readonly List<OnnxValueInfo> inputs = [];
    private readonly List<OnnxValueInfo> outputs = [];
    private readonly HashSet<string> names = [];
    private int counter;

    public const string BatchAxis = "batch";

    public string Input(string name, OnnxType type, params object[] dims)
    {
        Claim(name);
        inputs.Add(new OnnxValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Makes <paramref name="value"/> the graph output <paramref name="name"/> (through an Identity node).</summary>
    public void Output(string value, string name, OnnxType type, params object[] dims)
    {
        Claim(name);
        nodes.Add(new OnnxNode("Identity", $"output_{name}", [value], [name], []));
        outputs.Add(new OnnxValueInfo(name, type, dims));
    }

    /// <summary>A float32 weight, copied from <paramref name="tensor"/> (any device) under its state_dict name.</summary>
    public string Weight(string name, Tensor tensor)
    {
        using var t = tensor.detach().cpu().to(float32).contiguous();
        var values = t.data<float>().ToArray();
        return Constant(name, OnnxType.Float, t.shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    public string Floats(string name, float[] values, params long[] dims) =>
        Constant(name, OnnxType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public string Doubles(string name, double[] values, params long[] dims) =>
        Constant(name, OnnxType.Double, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public string Int64s(string name, params long[] values) =>
        Constant(name, OnnxType.Int64, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string opType, string nameHint, IReadOnlyList<string> nodeInputs, params OnnxAttribute[] attributes)
    {
        var output = Unique(nameHint.Length == 0 ? opType : nameHint);
        nodes.Add(new OnnxNode(opType, output, nodeInputs, [output], attributes));
        return output;
    }

    public OnnxGraph Build(string name) => new(name, nodes, initializers, inputs, outputs);

    private string Constant(string name, OnnxType type, long[] dims, byte[] raw)
    {
        name = Unique(name);
        initializers.Add(new OnnxTensor(name, type, dims, raw));
        return name;
    }

    private string Unique(string hint)
    {
        var name = hint;
        while (names.Contains(name)) name = $"{hint}_{++counter}";
        names.Add(name);
        return name;
    }

    private void Claim(string name)
    {
        if (!names.Add(name)) throw new InvalidOperationException($"ONNX name '{name}' is used twice");
    }
}
