using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cvr.Ingest.Management;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Whether an RTSPS camera's certificate passes its TLS endpoint's checks: a chain to one of the trusted
/// certificates (as the only roots, <see cref="X509ChainTrustMode.CustomRootTrust"/>) or, when none are
/// given, to the system's roots, valid now (the injected clock) and for a server, unless ignoreSignature;
/// and issued for the URL's host (DNS or IP subject alternative names), unless ignoreHostname. Revocation
/// is not checked: cameras' CAs rarely publish lists a camera network can reach.
/// </summary>
public sealed class CameraCertificateCheck(CameraTls tls, string host, TimeProvider time)
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>The host name as certificates name it: without an IPv6 address's brackets.</summary>
    public static string HostOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IdnHost.Trim('[', ']');
    }

    /// <summary>Null when the certificate is accepted; otherwise why not, for the instance's status and the log.</summary>
    /// <param name="presented">The other certificates the camera sent (intermediates).</param>
    public string? Problem(X509Certificate2? certificate, X509Certificate2Collection presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (certificate is null)
        {
            return "the camera presented no certificate";
        }

        if (!tls.IgnoreHostname && !certificate.MatchesHostname(host))
        {
            return $"name mismatch: the certificate is for {Names(certificate)}, not {host} (validationOptions.ignoreHostname accepts it)";
        }

        return tls.IgnoreSignature ? null : ChainProblem(certificate, presented);
    }

    private string? ChainProblem(X509Certificate2 certificate, X509Certificate2Collection presented)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = time.GetUtcNow().UtcDateTime;
        policy.ApplicationPolicy.Add(ServerAuthentication);
        policy.ExtraStore.AddRange(presented);
        var roots = new X509Certificate2Collection();
        try
        {
            if (tls.TrustedCertificates.Count > 0)
            {
                foreach (var pem in tls.TrustedCertificates)
                {
                    roots.AddRange(PemCertificates.Read(pem));
                }

                policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                policy.CustomTrustStore.AddRange(roots);
            }

            return chain.Build(certificate) ? null : Describe(chain, certificate);
        }
        catch (CryptographicException ex)
        {
            return $"the certificate could not be checked: {ex.Message}";
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }

            foreach (var root in roots)
            {
                root.Dispose();
            }
        }
    }

    private string Describe(X509Chain chain, X509Certificate2 certificate)
    {
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        var reasons = new List<string>();
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            // The issuer of the last certificate found: the root itself, or the one that is missing.
            var root = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate.Issuer : certificate.Issuer;
            reasons.Add(tls.TrustedCertificates.Count > 0
                ? $"untrusted root: the chain leads to '{root}', which is none of the trusted certificates"
                : $"untrusted root: the chain leads to '{root}', which the system does not trust (give the camera's root in trustedCertificates)");
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"expired or not yet valid: the certificate is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}"));
        }

        if ((flags & X509ChainStatusFlags.NotSignatureValid) != 0)
        {
            reasons.Add("bad signature: a certificate of the chain is not signed by its issuer");
        }

        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
        {
            reasons.Add("not issued for a TLS server (extended key usage)");
        }

        var other = flags & ~(X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.NotValidForUsage);
        if (other != X509ChainStatusFlags.NoError || reasons.Count == 0)
        {
            reasons.Add($"chain not valid ({other})");
        }

        return string.Join("; ", reasons) + " (validationOptions.ignoreSignature accepts it)";
    }

    private static string Names(X509Certificate2 certificate)
    {
        var alternative = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var names = alternative is null
            ? [certificate.GetNameInfo(X509NameType.SimpleName, false)]
            : alternative.EnumerateDnsNames().Concat(alternative.EnumerateIPAddresses().Select(a => a.ToString())).ToList();
        return names.Count == 0 ? "no name" : string.Join(", ", names);
    }
}
