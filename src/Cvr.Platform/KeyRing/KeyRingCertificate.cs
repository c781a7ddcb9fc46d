using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cvr.Platform.Hosting;

namespace Cvr.Platform.KeyRing;

/// <summary>The key-encryption certificate of <see cref="KeyRingOptions"/>, and what is wrong with the settings, if anything.</summary>
public static class KeyRingCertificate
{
    /// <summary>The certificate with its private key, or null when none is configured.</summary>
    public static X509Certificate2? Load(KeyRingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.CertificatePath)
            ? null
            : X509Certificate2.CreateFromPemFile(options.CertificatePath, string.IsNullOrWhiteSpace(options.PrivateKeyPath) ? null : options.PrivateKeyPath);
    }

    /// <summary>
    /// Null when the settings give a key ring that protects something; otherwise why not, naming the setting.
    /// Under Dapr the keys sit in the same state store as what they seal, so they must be encrypted with a
    /// certificate kept elsewhere; and a certificate must come with its private key, or nothing would open.
    /// </summary>
    public static string? Problem(KeyRingOptions options, CvrMode mode)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (mode == CvrMode.Dapr && string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return $"Under Dapr the key ring that seals camera secrets is kept in the state store, beside what it seals: set {KeyRingOptions.Section}:CertificatePath " +
                $"(and {KeyRingOptions.Section}:PrivateKeyPath) to a PEM certificate and private key, kept outside the store (a Kubernetes Secret), that encrypt it.";
        }

        try
        {
            using var certificate = Load(options);
            return certificate is null || certificate.HasPrivateKey
                ? null
                : $"{KeyRingOptions.Section}:CertificatePath '{options.CertificatePath}' has no private key, and {KeyRingOptions.Section}:PrivateKeyPath gives none: the key ring could be encrypted but never decrypted.";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var key = string.IsNullOrWhiteSpace(options.PrivateKeyPath) ? "not set: the key must then be in the certificate's file" : $"'{options.PrivateKeyPath}'";
            return $"{KeyRingOptions.Section}:CertificatePath '{options.CertificatePath}' and {KeyRingOptions.Section}:PrivateKeyPath ({key}) do not give a PEM certificate with its private key: {ex.Message}";
        }
    }
}
