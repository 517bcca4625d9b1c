using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TidyGan.IO;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON header mapping each
/// tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (offsets into the data that follow the header)
/// plus an optional <c>"__metadata__"</c> map of strings, then the raw little-endian tensor bytes. Nothing in it is code.
/// </summary>
public static class SafeTensorsFile
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeader = 100_000_000;

    private static readonly (ScalarType Type, string Name)[] Types =
    [
        (ScalarType.Float32, "F32"), (ScalarType.Float64, "F64"), (ScalarType.Float16, "F16"), (ScalarType.BFloat16, "BF16"),
        (ScalarType.Int64, "I64"), (ScalarType.Int32, "I32"), (ScalarType.Int16, "I16"), (ScalarType.Int8, "I8"),
        (ScalarType.Byte, "U8"), (ScalarType.Bool, "BOOL"),
    ];

    /// <summary>Writes <paramref name="tensors"/> in their order (data laid out in that order), atomically.</summary>
    public static void Write(string path, StateDict tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata) meta[k] = v;
            header[MetadataKey] = meta;
        }
        long offset = 0;
        var blobs = new List<byte[]>();
        foreach (var (name, t) in tensors.Entries)
        {
            var bytes = StateDict.Bytes(t);
            header[name] = new JsonObject
            {
                ["dtype"] = TypeName(t.dtype, name),
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            offset += bytes.Length;
            blobs.Add(bytes);
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;                   // the data start 8-byte aligned, as the reference writer does
        using var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var b in blobs) stream.Write(b);
        AtomicFile.WriteAllBytes(path, stream.ToArray());
    }

    /// <summary>Reads every tensor (in header order) and the metadata; a malformed file is a <see cref="UserException"/> naming the problem.</summary>
    public static (StateDict Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw Bad(path, "shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeader || (long)headerLength > bytes.Length - 8) throw Bad(path, $"header length {headerLength} exceeds the file");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength)) as JsonObject ?? throw Bad(path, "the header is not a JSON object");
        }
        catch (JsonException e) { throw Bad(path, $"the header is not JSON: {e.Message}"); }
        var dataStart = 8 + (long)headerLength;
        var dataLength = bytes.Length - dataStart;
        var metadata = new Dictionary<string, string>();
        var result = new StateDict();
        var spans = new List<(long Begin, long End, string Name)>();
        try
        {
            foreach (var (name, node) in header)
            {
                if (name == MetadataKey)
                {
                    if (node is JsonObject m) foreach (var (k, v) in m) metadata[k] = v?.GetValue<string>() ?? "";
                    continue;
                }
                if (node is not JsonObject info) throw Bad(path, $"entry '{name}' is not an object");
                var dtypeName = info["dtype"]?.GetValue<string>() ?? throw Bad(path, $"'{name}' has no dtype");
                var dtype = Types.FirstOrDefault(t => t.Name == dtypeName);
                if (dtype.Name is null) throw Bad(path, $"'{name}' has dtype '{dtypeName}', which TidyGan does not read ({string.Join(", ", Types.Select(t => t.Name))})");
                var shape = (info["shape"] as JsonArray ?? throw Bad(path, $"'{name}' has no shape")).Select(d => d!.GetValue<long>()).ToArray();
                if (shape.Any(d => d < 0)) throw Bad(path, $"'{name}' has a negative dimension");
                var offsets = (info["data_offsets"] as JsonArray ?? throw Bad(path, $"'{name}' has no data_offsets")).Select(d => d!.GetValue<long>()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw Bad(path, $"'{name}' has data_offsets [{string.Join(", ", offsets)}] outside the {dataLength} data bytes");
                spans.Add((offsets[0], offsets[1], name));
                Tensor t;
                try { t = StateDict.FromBytes(bytes.AsSpan((int)(dataStart + offsets[0]), (int)(offsets[1] - offsets[0])), dtype.Type, shape); }
                catch (InvalidDataException e) { throw Bad(path, $"'{name}': {e.Message}"); }
                using (t) result.Add(name, t);
            }
            spans.Sort();
            for (int i = 1; i < spans.Count; i++)
                if (spans[i].Begin < spans[i - 1].End) throw Bad(path, $"the data of '{spans[i - 1].Name}' and '{spans[i].Name}' overlap");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            result.Dispose();
            throw Bad(path, $"malformed header: {e.Message}");
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return (result, metadata);
    }

    private static string TypeName(ScalarType type, string name) =>
        Types.FirstOrDefault(t => t.Type == type).Name ?? throw new UserException($"'{name}': dtype {type} has no safetensors name");

    private static UserException Bad(string path, string problem) => new($"{path}: not a usable safetensors file: {problem}");
}
