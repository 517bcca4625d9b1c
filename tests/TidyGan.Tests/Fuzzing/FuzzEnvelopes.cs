using System.Formats.Tar;
using System.IO.Compression;

namespace TidyGan.Tests.Fuzzing;

/// <summary>
/// Mutates a file through its container so each layer's parser sees damage: gzip (the compressed bytes, or the
/// payload re-gzipped so the header parser behind the gzip sees it), tar inside gzip (the tar headers, or one
/// entry re-packed with valid checksums) and zip (the archive, or one entry re-zipped).
/// </summary>
internal static class FuzzEnvelopes
{
    public static byte[] Mutate(byte[] file, IReadOnlyList<int> fields, FuzzMutator m, out string what)
    {
        if (IsGzip(file))
        {
            var payload = Gunzip(file);
            bool tar = IsTar(payload);
            switch (m.Random.Next(tar ? 3 : 2))
            {
                case 0:
                    var raw = m.Mutate(file, [], out what);
                    what = "gzip bytes: " + what;
                    return raw;
                case 1:
                    var inner = m.Mutate(payload, tar ? TarFieldOffsets(payload) : fields, out what);
                    what = (tar ? "tar bytes, re-gzipped: " : "payload, re-gzipped: ") + what;
                    return Gzip(inner);
                default:
                    var repacked = MutateTarEntry(payload, m, out what);
                    return Gzip(repacked);
            }
        }
        if (IsZip(file) && m.Random.Next(2) == 0) return MutateZipEntry(file, m, out what);
        return m.Mutate(file, fields, out what);
    }

    public static bool IsGzip(byte[] b) => b.Length > 2 && b[0] == 0x1f && b[1] == 0x8b;

    private static bool IsTar(byte[] b) => b.Length >= 512 && b.AsSpan(257, 5).SequenceEqual("ustar"u8);

    private static bool IsZip(byte[] b) => b.Length > 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;

    public static byte[] Gunzip(byte[] b)
    {
        using var z = new GZipStream(new MemoryStream(b), CompressionMode.Decompress);
        using var o = new MemoryStream();
        z.CopyTo(o);
        return o.ToArray();
    }

    public static byte[] Gzip(byte[] b)
    {
        using var o = new MemoryStream();
        using (var z = new GZipStream(o, CompressionLevel.Fastest, leaveOpen: true)) z.Write(b);
        return o.ToArray();
    }

    /// <summary>Name, size and checksum fields of every tar header.</summary>
    private static List<int> TarFieldOffsets(byte[] tar)
    {
        var offsets = new List<int>();
        foreach (var (_, at, size) in TarLayout(tar))
            offsets.AddRange([at, at + 124, at + 148, at + 156]);
        return offsets;
    }

    private static IEnumerable<(string Name, int At, long Size)> TarLayout(byte[] tar)
    {
        int at = 0;
        while (at + 512 <= tar.Length && tar[at] != 0)
        {
            string name = System.Text.Encoding.ASCII.GetString(tar, at, 100).TrimEnd('\0');
            long size = Convert.ToInt64(System.Text.Encoding.ASCII.GetString(tar, at + 124, 11).Trim('\0', ' '), 8);
            yield return (name, at, size);
            at += 512 + (int)((size + 511) / 512 * 512);
        }
    }

    public static byte[] Tar(IEnumerable<(string Name, byte[] Data)> entries)
    {
        using var o = new MemoryStream();
        using (var w = new TarWriter(o, TarEntryFormat.Ustar, leaveOpen: true))
            foreach (var (name, data) in entries)
                w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        return o.ToArray();
    }

    public static List<(string Name, byte[] Data)> Untar(byte[] tar)
    {
        var list = new List<(string, byte[])>();
        using var r = new TarReader(new MemoryStream(tar));
        while (r.GetNextEntry() is { } e)
        {
            using var d = new MemoryStream();
            e.DataStream?.CopyTo(d);
            list.Add((e.Name, d.ToArray()));
        }
        return list;
    }

    private static byte[] MutateTarEntry(byte[] tar, FuzzMutator m, out string what)
    {
        var entries = Untar(tar);
        int pick = m.Random.Next(entries.Count);
        var data = m.Mutate(entries[pick].Data, [], out what);
        what = $"tar entry {entries[pick].Name}, re-packed: {what}";
        entries[pick] = (entries[pick].Name, data);
        return Tar(entries);
    }

    private static byte[] MutateZipEntry(byte[] zip, FuzzMutator m, out string what)
    {
        var entries = new List<(string Name, byte[] Data)>();
        using (var a = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
            foreach (var e in a.Entries)
            {
                using var s = e.Open();
                using var d = new MemoryStream();
                s.CopyTo(d);
                entries.Add((e.FullName, d.ToArray()));
            }
        // The pickle is where the structure lives: mutate it half the time.
        int pickle = entries.FindIndex(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal));
        int pick = pickle >= 0 && m.Random.Next(2) == 0 ? pickle : m.Random.Next(entries.Count);
        var data = m.Mutate(entries[pick].Data, [], out what);
        what = $"zip entry {entries[pick].Name}, re-zipped: {what}";
        using var o = new MemoryStream();
        using (var a = new ZipArchive(o, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (i, (name, bytes)) in entries.Index())
            {
                using var s = a.CreateEntry(name, CompressionLevel.NoCompression).Open();
                s.Write(i == pick ? data : bytes);
            }
        return o.ToArray();
    }
}
