using System.Security.Cryptography;
using System.Text;

namespace TidyGan.IO;

/// <summary>SHA-256 of files, and of a set of files as one digest (the way checkpoints and model cards state it).</summary>
public static class FileHashes
{
    /// <summary>Lower-case hex SHA-256 of a file's bytes (what <c>sha256sum FILE</c> prints).</summary>
    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// One digest for a set of files: SHA-256 of the UTF-8 text <c>sha256sum</c> prints for them, one line
    /// "HASH␠␠NAME\n" per file, names in ordinal (C-locale) order. In a shell:
    /// <c>cd FOLDER &amp;&amp; LC_ALL=C sha256sum $(LC_ALL=C ls NAMES) | sha256sum</c>.
    /// </summary>
    public static string Listing(IEnumerable<KeyValuePair<string, string>> hashByName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(
            hashByName.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Value}  {e.Key}\n")))));

    /// <summary><see cref="Listing"/> of every file under <paramref name="folder"/> (names relative to it, '/'-separated), and their count.</summary>
    public static (string Sha256, int Files, long Bytes) Folder(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        var hashes = files.ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), Sha256);
        return (Listing(hashes), files.Count, files.Sum(f => new FileInfo(f).Length));
    }
}
