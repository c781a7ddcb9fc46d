using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cvr.Testing;

/// <summary>A server's certificate and private key as PEM files: what the test camera speaks RTSPS with (<c>--tls-cert</c>, <c>--tls-key</c>).</summary>
public sealed record TlsServerFiles(string CertificatePath, string KeyPath)
{
    public static TlsServerFiles Write(X509Certificate2 certificate, string folder, string name = "camera")
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Directory.CreateDirectory(folder);
        using var key = certificate.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The certificate has no private key.", nameof(certificate));
        var files = new TlsServerFiles(Path.Combine(folder, name + ".crt"), Path.Combine(folder, name + ".key"));
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
