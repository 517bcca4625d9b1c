namespace TidyGan.Metrics.Features;

/// <summary>
/// Makes the batch dimension of an ONNX model's graph inputs and outputs symbolic ("N") by editing the
/// protobuf bytes directly (ONNX Runtime has no graph editing and TidyGan takes no protobuf dependency):
/// ModelProto.graph(7) → GraphProto.input(11)/output(12) → ValueInfoProto.type(2) → TypeProto.tensor_type(1)
/// → shape(2) → first dim(1) := dim_param(2) "N". GraphProto.value_info(13), the optional intermediate shape
/// hints, is dropped so ONNX Runtime re-infers intermediate shapes for any batch size. Everything else
/// (initializers, nodes) is copied byte for byte.
/// </summary>
internal static class OnnxBatchDimension
{
    private const int LengthDelimited = 2;

    public static byte[] MakeSymbolic(byte[] model) =>
        Rewrite(model, (field, payload) => field == 7 ? Graph(payload) : null);

    private static byte[]? Graph(ReadOnlySpan<byte> graph) =>
        Rewrite(graph, (field, payload) => field switch
        {
            11 or 12 => ValueInfo(payload),
            13 => [],
            _ => null,
        });

    private static byte[] ValueInfo(ReadOnlySpan<byte> valueInfo) =>
        Rewrite(valueInfo, (field, payload) => field == 2
            ? Rewrite(payload, (f, tensorType) => f == 1
                ? Rewrite(tensorType, (g, shape) => g == 2 ? FirstDimSymbolic(shape) : null)
                : null)
            : null);

    private static byte[] FirstDimSymbolic(ReadOnlySpan<byte> shape)
    {
        bool done = false;
        return Rewrite(shape, (field, _) =>
        {
            if (field != 1 || done) return null;
            done = true;
            return [(2 << 3) | LengthDelimited, 1, (byte)'N'];      // Dimension { dim_param: "N" }
        });
    }

    /// <summary>
    /// Copy a message field by field. For each length-delimited field, <paramref name="replace"/> returns null to
    /// keep it, an empty array to drop it, or the new payload.
    /// </summary>
    private static byte[] Rewrite(ReadOnlySpan<byte> message, ReplaceField replace)
    {
        using var output = new MemoryStream(message.Length + 64);
        int position = 0;
        while (position < message.Length)
        {
            int start = position;
            ulong tag = ReadVarint(message, ref position);
            int field = (int)(tag >> 3), wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0: ReadVarint(message, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case LengthDelimited:
                    int length = checked((int)ReadVarint(message, ref position));
                    var payload = message.Slice(position, length);
                    position += length;
                    var replacement = replace(field, payload);
                    if (replacement is null) break;
                    if (replacement.Length > 0)
                    {
                        WriteVarint(output, tag);
                        WriteVarint(output, (ulong)replacement.Length);
                        output.Write(replacement);
                    }
                    continue;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wireType} in an ONNX model.");
            }
            if (position > message.Length) throw new InvalidDataException("Truncated protobuf message in an ONNX model.");
            output.Write(message[start..position]);
        }
        return output.ToArray();
    }

    private delegate byte[]? ReplaceField(int field, ReadOnlySpan<byte> payload);

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length) throw new InvalidDataException("Truncated protobuf varint in an ONNX model.");
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("Malformed protobuf varint in an ONNX model.");
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        output.WriteByte((byte)value);
    }
}
