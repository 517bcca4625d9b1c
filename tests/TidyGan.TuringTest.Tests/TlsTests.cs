using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TidyGan.TuringTest.Tests;

/// <summary>`turing serve --cert --key`: HTTPS from PEM files, checked by a client that trusts exactly that certificate.</summary>
public class TlsTests
{
    [Fact]
    public async Task ServesOverTlsWithASelfSignedPemCertificate()
    {
        using var study = new TestStudy(1, 1, ["ana"]);
        var (certPath, keyPath, thumbprint) = SelfSigned(study.Folder);
        var (app, url) = await TuringServer.StartAsync(study.Path, new TuringServerOptions { Urls = "https://127.0.0.1:0", CertificatePath = certPath, KeyPath = keyPath });
        await using var _ = app;
        Assert.StartsWith("https://", url);

        using var trusting = new HttpClient(new HttpClientHandler
        {
            // Exactly this certificate: its SHA-256 thumbprint, whatever the chain says.
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint,
        });
        var page = await trusting.GetAsync($"{url}/r/{study.Token("ana")}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("csrf-token", await page.Content.ReadAsStringAsync());
        string csrf = await RaterClient.Csrf(trusting, url, study.Token("ana"));
        string item = (await RaterClient.Next(trusting, url, study.Token("ana"))).GetProperty("item").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await trusting.SendAsync(RaterClient.Answer(url, study.Token("ana"), csrf, RaterClient.Body(item)))).StatusCode);

        // The check is real: a client with the system's trust store, or one expecting another certificate, refuses the server.
        using var system = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => system.GetAsync($"{url}/"));
        using var other = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.GetCertHashString(HashAlgorithmName.SHA256) == new string('0', 64) });
        await Assert.ThrowsAsync<HttpRequestException>(() => other.GetAsync($"{url}/"));
    }

    [Fact]
    public void BadCertificateOrKeyFilesGiveAnErrorNamingTheFile()
    {
        using var study = new TestStudy(1, 1, ["ana"]);
        var (certPath, keyPath, _) = SelfSigned(study.Folder);
        var (_, otherKey, _) = SelfSigned(Directory.CreateDirectory(Path.Combine(study.Folder, "other")).FullName);
        string garbage = Path.Combine(study.Folder, "garbage.pem"), missing = Path.Combine(study.Folder, "missing.pem");
        File.WriteAllText(garbage, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        TuringServerOptions Tls(string cert, string key) => new() { Urls = "https://127.0.0.1:0", CertificatePath = cert, KeyPath = key };
        var cases = new (string Why, TuringServerOptions Options, string Named)[]
        {
            ("missing cert", Tls(missing, keyPath), missing),
            ("missing key", Tls(certPath, missing), missing),
            ("garbage cert", Tls(garbage, keyPath), garbage),
            ("a key as the cert", Tls(keyPath, keyPath), keyPath),
            ("garbage key", Tls(certPath, garbage), garbage),
            ("another certificate's key", Tls(certPath, otherKey), otherKey),
        };
        foreach (var (why, options, named) in cases)
        {
            var e = Assert.ThrowsAny<Exception>(() => TuringServer.Build(study.Path, options));
            Assert.True(e is FileNotFoundException or InvalidDataException, $"{why}: {e.GetType().Name}: {e.Message}");   // the CLI's "error:" line
            Assert.True(e.Message.Contains(named, StringComparison.Ordinal), $"{why}: '{e.Message}' does not name {named}");
        }
        Assert.Contains("https://", Assert.Throws<ArgumentException>(() => TuringServer.Build(study.Path, Tls(certPath, keyPath) with { Urls = "http://127.0.0.1:0" })).Message);
        Assert.Contains("--cert", Assert.Throws<ArgumentException>(() => TuringServer.Build(study.Path, new TuringServerOptions { Urls = "https://127.0.0.1:0" })).Message);
    }

    /// <summary>A self-signed P-256 certificate for 127.0.0.1 as cert.pem + key.pem in the folder, and its SHA-256 thumbprint.</summary>
    private static (string Cert, string Key, string Thumbprint) SelfSigned(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string certPath = Path.Combine(folder, "cert.pem"), keyPath = Path.Combine(folder, "key.pem");
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath, cert.GetCertHashString(HashAlgorithmName.SHA256));
    }
}
