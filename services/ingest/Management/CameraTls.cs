namespace Cvr.Ingest.Management;

/// <summary>
/// How the ingest checks an RTSPS camera's certificate: LVA's <c>#Microsoft.Media.MediaGraphTlsEndpoint</c>
/// compiled. Trusted certificates (PEM, public) are the only roots trusted when given; none means the
/// system's. Strict unless an option says otherwise: the chain and its dates, and the camera's host name.
/// </summary>
/// <param name="TrustedCertificates">PEM text of each entry of <c>trustedCertificates.certificates</c>.</param>
/// <param name="IgnoreHostname">Accept a certificate issued for another name than the URL's host.</param>
/// <param name="IgnoreSignature">Accept any chain: untrusted, self-signed, expired (LVA: "ignore the integrity of the certificate chain at the current time").</param>
public sealed record CameraTls(IReadOnlyList<string> TrustedCertificates, bool IgnoreHostname, bool IgnoreSignature)
{
    /// <summary>rtsps:// without options: the system's roots, every check on.</summary>
    public static readonly CameraTls Strict = new([], false, false);

    /// <summary>The port of an rtsps:// URL without one (RFC 7826).</summary>
    public const int DefaultPort = 322;
}
