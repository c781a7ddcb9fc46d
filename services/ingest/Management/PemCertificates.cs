using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cvr.Ingest.Management;

/// <summary>PEM text of public certificates, as LVA's <c>#Microsoft.Media.MediaGraphPemCertificateList</c> holds them: read in one place.</summary>
public static class PemCertificates
{
    /// <summary>What is wrong with the text as an entry of trusted certificates, or null when it holds certificates and nothing else secret.</summary>
    public static string? Problem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            // Never echoed: whoever pasted it leaked a key, and the answer must not repeat it.
            return "holds a private key; trusted certificates are public certificates only (the camera's root CA, or its self-signed certificate)";
        }

        try
        {
            var certificates = Read(pem);
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            return certificates.Count == 0 ? "holds no PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)" : null;
        }
        catch (CryptographicException)
        {
            return "is not a readable PEM certificate";
        }
    }

    /// <summary>Every certificate in the text; throws <see cref="CryptographicException"/> on a broken one.</summary>
    public static X509Certificate2Collection Read(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates;
    }
}
