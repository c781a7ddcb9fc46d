using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cvr.Testing;

/// <summary>
/// A self-signed RSA certificate and its private key as PEM files, as an operator would make them with
/// openssl (docs/deploy.md): what encrypts a Dapr-mode key ring (KeyRing:CertificatePath, KeyRing:PrivateKeyPath).
/// </summary>
public sealed record KeyEncryptionCertificate(string CertificatePath, string PrivateKeyPath)
{
    public static KeyEncryptionCertificate Create(string folder, string name = "key-ring")
    {
        Directory.CreateDirectory(folder);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=cvr-{name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        var files = new KeyEncryptionCertificate(Path.Combine(folder, name + ".crt"), Path.Combine(folder, name + ".key"));
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(files.PrivateKeyPath, rsa.ExportPkcs8PrivateKeyPem());
        return files;
    }

    /// <summary>The settings that point a service at these files.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["KeyRing:CertificatePath"] = CertificatePath,
        ["KeyRing:PrivateKeyPath"] = PrivateKeyPath,
    };
}
