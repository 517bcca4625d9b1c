using System.Buffers;
using System.Text;

namespace TidyGan.Export;

/// <summary>ONNX element types used here (onnx.proto TensorProto.DataType).</summary>
public enum OnnxType
{
    Float = 1,
    Int64 = 7,
    Double = 11,
}

/// <summary>One node attribute: an int, a float, a string or a list of ints (the only kinds the exporter writes).</summary>
public sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, string? Text = null, long[]? Ints = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);
    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);
    public static OnnxAttribute Of(string name, string value) => new(name, Text: value);
    public static OnnxAttribute Of(string name, params long[] values) => new(name, Ints: values);
}

public sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes);

/// <summary>A constant (weights, shapes) stored as little-endian raw bytes.</summary>
public sealed record OnnxTensor(string Name, OnnxType Type, long[] Dims, byte[] Raw);

/// <summary>A graph input or output: element type and shape, each dimension a size (long) or a symbolic name (string).</summary>
public sealed record OnnxValueInfo(string Name, OnnxType Type, IReadOnlyList<object> Dims);

public sealed record OnnxGraph(string Name, IReadOnlyList<OnnxNode> Nodes, IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs, IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>
/// An ONNX ModelProto, written with a minimal protobuf encoder (field numbers from onnx.proto, IR version 7, the
/// default "ai.onnx" operator set). Only the messages the exporter needs: ModelProto, GraphProto, NodeProto,
/// AttributeProto, TensorProto, ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto, StringStringEntryProto.
/// </summary>
public sealed record OnnxModel(OnnxGraph Graph, int Opset, IReadOnlyList<KeyValuePair<string, string>> Metadata, string ProducerVersion)
{
    public const long IrVersion = 7;                 // ONNX 1.7+: read by onnx 1.12's checker and every ONNX Runtime since 1.3

    public byte[] ToBytes()
    {
        var w = new ProtoWriter();
        w.Varint(1, IrVersion);
        w.String(2, "TidyGan");
        w.String(3, ProducerVersion);
        w.Message(7, g => WriteGraph(g, Graph));
        w.Message(8, o => o.Varint(2, Opset));   // domain "" = ai.onnx
        foreach (var (key, value) in Metadata)
            w.Message(14, e => { e.String(1, key); e.String(2, value); });
        return w.ToArray();
    }

    private static void WriteGraph(ProtoWriter w, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes) w.Message(1, n => WriteNode(n, node));
        w.String(2, graph.Name);
        foreach (var t in graph.Initializers) w.Message(5, m => WriteTensor(m, t));
        foreach (var v in graph.Inputs) w.Message(11, m => WriteValueInfo(m, v));
        foreach (var v in graph.Outputs) w.Message(12, m => WriteValueInfo(m, v));
    }

    private static void WriteNode(ProtoWriter w, OnnxNode node)
    {
        foreach (var i in node.Inputs) w.String(1, i);
        foreach (var o in node.Outputs) w.String(2, o);
        w.String(3, node.Name);
        w.String(4, node.OpType);
        foreach (var a in node.Attributes) w.Message(5, m => WriteAttribute(m, a));
    }

    private static void WriteAttribute(ProtoWriter w, OnnxAttribute a)
    {
        w.String(1, a.Name);
        if (a.Float is { } f) { w.Float(2, f); w.Varint(20, 1); }          // AttributeType FLOAT
        else if (a.Int is { } i) { w.Varint(3, i); w.Varint(20, 2); }      // INT
        else if (a.Text is { } s) { w.Bytes(4, Encoding.UTF8.GetBytes(s)); w.Varint(20, 3); }   // STRING
        else if (a.Ints is { } ints) { foreach (var v in ints) w.Varint(8, v); w.Varint(20, 7); } // INTS
        else throw new ArgumentException($"attribute {a.Name} has no value");
    }

    private static void WriteTensor(ProtoWriter w, OnnxTensor t)
    {
        foreach (var d in t.Dims) w.Varint(1, d);
        w.Varint(2, (long)t.Type);
        w.String(8, t.Name);
        w.Bytes(9, t.Raw);
    }

    private static void WriteValueInfo(ProtoWriter w, OnnxValueInfo v)
    {
        w.String(1, v.Name);
        w.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, (long)v.Type);
            tensor.Message(2, shape =>
            {
                foreach (var d in v.Dims)
                    shape.Message(1, dim =>
                    {
                        if (d is string name) dim.String(2, name);
                        else dim.Varint(1, Convert.ToInt64(d));
                    });
            });
        }));
    }
}

/// <summary>The protobuf wire format, just enough of it: varints, 32-bit floats and length-delimited fields.</summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> stream = new();

    public byte[] ToArray() => stream.WrittenSpan.ToArray();

    public void Varint(int field, long value)
    {
        Tag(field, 0);
        Raw((ulong)value);                          // negative int64: ten bytes of two's complement, as protobuf does
    }

    public void Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> b = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(b, value);
        stream.Write(b);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        Raw((ulong)value.Length);
        stream.Write(value);
    }

    public void Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        Bytes(field, inner.stream.WrittenSpan);
    }

    private void Tag(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            stream.Write([(byte)(value | 0x80)]);
            value >>= 7;
        }
        stream.Write([(byte)value]);
    }
}
