using System.Buffers.Binary;
using TidyGan.IO;

namespace TidyGan.Data;

/// <summary>Writes unsigned-byte IDX files (the format <see cref="IdxReader"/> reads), uncompressed, atomically.</summary>
public static class IdxWriter
{
    public static void Write(string path, ReadOnlySpan<byte> data, params int[] shape)
    {
        if (shape.Length is < 1 or > 4) throw new ArgumentException($"IDX: {shape.Length} dimensions; must be 1…4", nameof(shape));
        long count = shape.Aggregate(1L, (a, d) => a * d);
        if (count != data.Length) throw new ArgumentException($"IDX: shape [{string.Join(", ", shape)}] needs {count} bytes, got {data.Length}", nameof(data));
        var bytes = new byte[4 + 4 * shape.Length + data.Length];
        bytes[2] = 0x08;                                   // unsigned byte
        bytes[3] = (byte)shape.Length;
        for (int i = 0; i < shape.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), shape[i]);
        data.CopyTo(bytes.AsSpan(4 + 4 * shape.Length));
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
