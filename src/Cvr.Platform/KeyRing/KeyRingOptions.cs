namespace Cvr.Platform.KeyRing;

/// <summary>
/// The <c>KeyRing</c> configuration section: where the Data Protection keys that seal secrets at rest are
/// kept, and the certificate that encrypts them. Single process: a folder of the data folder (0700,
/// files 0600), encrypted too when a certificate is given. Under Dapr: the service's own state store,
/// which every replica shares and which outlives pods, always encrypted with the certificate.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "KeyRing";

    /// <summary>A PEM certificate (RSA); its public key encrypts each key of the ring, its private key decrypts them.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's PEM private key, when it is not in the certificate's file.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Single process only: the key folder; empty means <c>{Cvr:Data}/keys</c>.</summary>
    public string? Folder { get; set; }
}
