using System.Buffers.Binary;

namespace TidyGan.Tests.Fuzzing;

/// <summary>
/// Deterministic byte mutations (the same seed gives the same bytes): bit flips, byte insertions and deletions,
/// truncation, chunk duplication, and integer fields set to extremes, at random offsets or at the offsets a
/// reader's header keeps its length and dimension fields (<paramref name="fieldOffsets"/>).
/// </summary>
internal sealed class FuzzMutator(int seed)
{
    private static readonly long[] Extremes =
        [0, 1, -1, 2, 255, 256, short.MaxValue, short.MinValue, ushort.MaxValue, int.MaxValue, int.MinValue, uint.MaxValue,
         1L << 31, 1L << 32, 1L << 40, long.MaxValue, long.MinValue, 348, 540, 512];

    public Random Random { get; } = new(seed);

    /// <summary>One to four mutations of a copy of <paramref name="input"/>; <paramref name="what"/> says which.</summary>
    public byte[] Mutate(byte[] input, IReadOnlyList<int> fieldOffsets, out string what)
    {
        var bytes = new List<byte>(input);
        var done = new List<string>();
        int count = 1 + Random.Next(4);
        for (int i = 0; i < count; i++) done.Add(MutateOnce(bytes, fieldOffsets));
        what = string.Join("; ", done);
        return bytes.ToArray();
    }

    private string MutateOnce(List<byte> b, IReadOnlyList<int> fields)
    {
        if (b.Count == 0) { b.Add((byte)Random.Next(256)); return "insert into empty"; }
        int at = Random.Next(b.Count);
        switch (Random.Next(8))
        {
            case 0:
                b[at] ^= (byte)(1 << Random.Next(8));
                return $"bit flip at {at}";
            case 1:
            {
                int n = 1 + Random.Next(16);
                var extra = new byte[n];
                Random.NextBytes(extra);
                b.InsertRange(at, extra);
                return $"insert {n} at {at}";
            }
            case 2:
            {
                int n = Math.Min(b.Count - at, 1 + Random.Next(16));
                b.RemoveRange(at, n);
                return $"delete {n} at {at}";
            }
            case 3:
            {
                int keep = Random.Next(b.Count);
                b.RemoveRange(keep, b.Count - keep);
                return $"truncate to {keep}";
            }
            case 4:
            {
                int n = Math.Min(b.Count - at, 1 + Random.Next(64));
                int to = Random.Next(b.Count);
                b.InsertRange(to, b.GetRange(at, n));
                return $"copy {n} from {at} to {to}";
            }
            case 5:
                b[at] = (byte)Random.Next(256);
                return $"random byte at {at}";
            default:
            {
                // Length and dimension fields: at a known offset when the reader has them, else anywhere.
                if (fields.Count > 0 && Random.Next(4) != 0) at = fields[Random.Next(fields.Count)];
                long value = Extremes[Random.Next(Extremes.Length)];
                int width = new[] { 1, 2, 4, 8 }[Random.Next(4)];
                bool big = Random.Next(2) == 0;
                if (at + width > b.Count) return "extreme past end (no-op)";
                var field = new byte[8];
                if (big) BinaryPrimitives.WriteInt64BigEndian(field, value); else BinaryPrimitives.WriteInt64LittleEndian(field, value);
                var slice = big ? field.AsSpan(8 - width) : field.AsSpan(0, width);
                for (int i = 0; i < width; i++) b[at + i] = slice[i];
                return $"field at {at} = {value} ({width} bytes, {(big ? "BE" : "LE")})";
            }
        }
    }
}
