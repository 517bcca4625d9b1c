using System.IO.Compression;

namespace TidyGan.Data;

/// <summary>File opening and exact reads shared by the readers (gzip detected by content, not by name).</summary>
internal static class DataStreams
{
    /// <summary>Open a file for reading, transparently gunzipping when it starts with the gzip magic 1f 8b.</summary>
    public static Stream OpenRead(string path, out bool compressed)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        compressed = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        return compressed ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    public static Stream OpenRead(string path) => OpenRead(path, out _);

    /// <summary>Fill as much of the buffer as the stream holds (GZipStream.Read may return short counts).</summary>
    public static int ReadFully(Stream stream, Span<byte> buffer, string file)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(file, "data", "cannot be decompressed: " + e.Message, e);
        }
    }

    /// <summary>Skip bytes; returns how many were actually skipped (fewer at end of stream).</summary>
    public static long Skip(Stream stream, long count, string file)
    {
        if (count <= 0) return 0;
        if (stream.CanSeek)
        {
            long available = Math.Max(0, stream.Length - stream.Position);
            long skip = Math.Min(available, count);
            stream.Position += skip;
            return skip;
        }
        var scratch = new byte[Math.Min(count, 1 << 16)];
        long done = 0;
        while (done < count)
        {
            int n = ReadFully(stream, scratch.AsSpan(0, (int)Math.Min(scratch.Length, count - done)), file);
            if (n == 0) break;
            done += n;
        }
        return done;
    }

    /// <summary>
    /// Read exactly <paramref name="count"/> bytes in chunks, so a header that promises gigabytes but a file that
    /// holds kilobytes fails after reading what is there instead of allocating the promised size up front.
    /// Returns null when the stream ends early; <paramref name="read"/> says how much was there.
    /// </summary>
    public static byte[]? ReadExactlyChunked(Stream stream, long count, string file, out long read)
    {
        const int chunk = 16 << 20;
        if (count <= chunk)
        {
            var small = new byte[count];
            read = ReadFully(stream, small, file);
            return read == count ? small : null;
        }
        var parts = new List<byte[]>();
        read = 0;
        while (read < count)
        {
            var part = new byte[(int)Math.Min(chunk, count - read)];
            int n = ReadFully(stream, part, file);
            read += n;
            if (n < part.Length) return null;
            parts.Add(part);
        }
        var all = GC.AllocateUninitializedArray<byte>(checked((int)count));
        long offset = 0;
        foreach (var p in parts)
        {
            p.CopyTo(all, offset);
            offset += p.Length;
        }
        return all;
    }
}
