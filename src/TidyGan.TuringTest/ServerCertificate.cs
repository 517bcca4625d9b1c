using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TidyGan.TuringTest;

/// <summary>The TLS certificate of `turing serve --cert FILE --key FILE`: PEM files, each error naming its file.</summary>
public static class ServerCertificate
{
    public static X509Certificate2 Load(string certPath, string keyPath)
    {
        string certPem = Read(certPath, "--cert"), keyPem = Read(keyPath, "--key");
        try
        {
            using var alone = X509Certificate2.CreateFromPem(certPem);
            if (alone.NotAfter < DateTime.Now) throw new InvalidDataException($"--cert {certPath}: the certificate expired on {alone.NotAfter:yyyy-MM-dd}");
        }
        catch (CryptographicException e) { throw new InvalidDataException($"--cert {certPath}: not a PEM certificate ({e.Message})", e); }
        try { return X509Certificate2.CreateFromPem(certPem, keyPem); }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"--key {keyPath}: not an unencrypted PEM private key of the certificate in {certPath} ({e.Message})", e);
        }
    }

    private static string Read(string path, string option)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{option} {path}: no such file", path);
        var info = new FileInfo(path);
        if (info.Length > 1 << 20) throw new InvalidDataException($"{option} {path}: {info.Length} bytes is too large for a PEM file");
        return File.ReadAllText(path);
    }
}
