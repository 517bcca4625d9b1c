using System.Text;

namespace TidyGan.Data;

/// <summary>One regular file from a tar archive.</summary>
public sealed record TarEntry(string Name, byte[] Data);

/// <summary>
/// Minimal tar reader: 512-byte ustar/GNU headers, octal sizes, prefix and GNU long names ('L'). Enough for
/// InVesalius projects; links and directories are skipped. Stream may be gzipped (see <see cref="DataStreams"/>).
/// </summary>
public static class TarReader
{
    /// <summary>Regular files whose name matches <paramref name="wanted"/> (all when null); others are skipped unread.</summary>
    public static List<TarEntry> Read(string path, Func<string, bool>? wanted = null)
    {
        using var stream = DataStreams.OpenRead(path);
        var entries = new List<TarEntry>();
        var header = new byte[512];
        string? longName = null;
        while (true)
        {
            int n = DataStreams.ReadFully(stream, header, path);
            if (n == 0) break;
            if (n < 512) throw new DataFormatException(path, "tar header", $"is truncated ({n} of 512 bytes)");
            if (header.All(b => b == 0)) break;                      // end-of-archive marker
            if (!ChecksumOk(header)) throw new DataFormatException(path, "tar header", "has a wrong checksum: not a tar archive or corrupt");
            string name = longName ?? Text(header, 0, 100);
            longName = null;
            string magic = Text(header, 257, 6);
            if (magic.StartsWith("ustar") && header[345] != 0 && name.Length < 100)
                name = Text(header, 345, 155) + "/" + name;
            long size = Octal(header, 124, 12, path);
            char type = (char)header[156];
            long padded = (size + 511) / 512 * 512;
            if (type == 'L')
            {
                var data = DataStreams.ReadExactlyChunked(stream, padded, path, out _) ?? throw Truncated(path, name);
                longName = Encoding.UTF8.GetString(data, 0, (int)size).TrimEnd('\0');
                continue;
            }
            bool regular = type is '0' or '\0' or '7';
            if (regular && (wanted is null || wanted(name)))
            {
                if (size > Array.MaxLength) throw new DataFormatException(path, "tar size", $"= {size}: entry {name} too large");
                var data = DataStreams.ReadExactlyChunked(stream, size, path, out _) ?? throw Truncated(path, name);
                entries.Add(new TarEntry(name, data));
                if (DataStreams.Skip(stream, padded - size, path) < padded - size) break;
            }
            else if (DataStreams.Skip(stream, padded, path) < padded)
            {
                throw Truncated(path, name);
            }
        }
        return entries;
    }

    private static DataFormatException Truncated(string path, string name) =>
        new(path, "tar entry", $"'{name}' is truncated");

    private static bool ChecksumOk(byte[] h)
    {
        long stored;
        try { stored = Octal(h, 148, 8, ""); } catch (DataFormatException) { return false; }
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += i is >= 148 and < 156 ? (byte)' ' : h[i];
        return sum == stored;
    }

    private static long Octal(byte[] h, int at, int length, string path)
    {
        if ((h[at] & 0x80) != 0)                                     // GNU base-256 for huge sizes
        {
            long big = h[at] & 0x7f;
            for (int i = 1; i < length; i++) big = (big << 8) | h[at + i];
            return big;
        }
        long value = 0;
        for (int i = at; i < at + length; i++)
        {
            byte c = h[i];
            if (c is 0 or (byte)' ') { if (value > 0) break; continue; }
            if (c is < (byte)'0' or > (byte)'7') throw new DataFormatException(path, "tar size", "is not an octal number");
            value = value * 8 + (c - '0');
        }
        return value;
    }

    private static string Text(byte[] h, int at, int length)
    {
        var span = h.AsSpan(at, length);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
