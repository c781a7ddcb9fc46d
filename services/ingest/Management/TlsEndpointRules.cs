using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>
/// LVA's <c>#Microsoft.Media.MediaGraphTlsEndpoint</c>: its url (rtsps://), <c>trustedCertificates</c>
/// (<c>#Microsoft.Media.MediaGraphPemCertificateList</c>) and <c>validationOptions</c> (<c>ignoreHostname</c>,
/// <c>ignoreSignature</c>: "true" or "false"). Values written out are checked with the topology, values from
/// parameters with the instance; what Cvr cannot honour is refused, naming the field.
/// </summary>
public static class TlsEndpointRules
{
    public const string TlsEndpointType = "#Microsoft.Media.MediaGraphTlsEndpoint";
    public const string CertificateListType = "#Microsoft.Media.MediaGraphPemCertificateList";
    public const string TrustedCertificates = "trustedCertificates";
    public const string ValidationOptions = "validationOptions";
    public const string IgnoreHostname = "ignoreHostname";
    public const string IgnoreSignature = "ignoreSignature";

    private static readonly string[] Options = [IgnoreHostname, IgnoreSignature];

    /// <summary>A value of the topology after substitution, and the instance's parameter that supplied it (if one did).</summary>
    public delegate (string? Value, string? Parameter) Resolve(JsonNode? node, string path);

    /// <summary>Checks the shape, and each value written out, when the topology is set.</summary>
    public static void Check(TopologyNode source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var endpoint = (JsonObject)source.Node["endpoint"]!;
        var path = $"{source.Path}.endpoint";
        if (!IsTls(endpoint))
        {
            foreach (var field in new[] { TrustedCertificates, ValidationOptions })
            {
                if (endpoint[field] is not null)
                {
                    throw new GraphValidationException($"{path}.{field}", $"Only a {TlsEndpointType} takes {field}; this endpoint is {Json.Text(endpoint["@type"]) ?? EndpointRules.UnsecuredEndpointType}.");
                }
            }

            return;
        }

        CheckValues(source, (node, _) => (Literal(node), null));
    }

    /// <summary>
    /// How the camera's certificate is checked, once the instance's values are in: null for rtsp://; an
    /// rtsps:// URL on an unsecured endpoint is checked strictly (never recorded unverified).
    /// </summary>
    public static CameraTls? Compile(TopologyNode source, Uri url, Resolve resolve)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(resolve);
        var endpoint = (JsonObject)source.Node["endpoint"]!;
        if (!IsTls(endpoint))
        {
            return url.Scheme == "rtsps" ? CameraTls.Strict : null;
        }

        CheckValues(source, resolve);
        var path = $"{source.Path}.endpoint";
        var certificates = Json.Field(endpoint[TrustedCertificates], "certificates") is JsonArray list
            ? list.Select((entry, i) => resolve(entry, $"{path}.{TrustedCertificates}.certificates[{i}]").Value!).ToList()
            : [];
        bool Flag(string option) => string.Equals(resolve(Json.Field(endpoint[ValidationOptions], option), $"{path}.{ValidationOptions}.{option}").Value, "true", StringComparison.OrdinalIgnoreCase);
        return new CameraTls(certificates, Flag(IgnoreHostname), Flag(IgnoreSignature));
    }

    private static bool IsTls(JsonObject endpoint) => Json.Text(endpoint["@type"]) == TlsEndpointType;

    /// <summary>Every rule on the values <paramref name="resolve"/> gives; a null value (a parameter not yet known) passes.</summary>
    private static void CheckValues(TopologyNode source, Resolve resolve)
    {
        var endpoint = (JsonObject)source.Node["endpoint"]!;
        var path = $"{source.Path}.endpoint";
        var (url, urlParameter) = resolve(endpoint["url"], $"{path}.url");
        if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme != "rtsps")
        {
            throw new GraphValidationException($"{path}.url", $"A {TlsEndpointType} connects over TLS: its url must be rtsps:// (use {EndpointRules.UnsecuredEndpointType} for rtsp://).", GraphValidationException.ModuleValidationError, urlParameter);
        }

        var (transport, transportParameter) = resolve(source.Node[PropertyRules.Transport], $"{source.Path}.{PropertyRules.Transport}");
        if (PropertyRules.TryTransport(transport, out var tunnel) && tunnel == RtspTransport.Http)
        {
            throw new GraphValidationException(
                $"{source.Path}.{PropertyRules.Transport}",
                $"RTSP tunnelled through HTTP inside TLS (transport Http with a {TlsEndpointType}) is not supported: Cvr checks the camera's certificate itself on one RTSP connection; use transport Tcp.",
                GraphValidationException.ModuleValidationError,
                transportParameter);
        }

        CheckTrustedCertificates(endpoint[TrustedCertificates], $"{path}.{TrustedCertificates}", resolve);
        CheckValidationOptions(endpoint[ValidationOptions], $"{path}.{ValidationOptions}", resolve);
    }

    private static void CheckTrustedCertificates(JsonNode? node, string path, Resolve resolve)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject source)
        {
            throw new GraphValidationException(path, $"{TrustedCertificates} must be an object: {{\"@type\": \"{CertificateListType}\", \"certificates\": [\"-----BEGIN CERTIFICATE-----…\"]}}.");
        }

        if (source["@type"] is { } type && Json.Text(type) != CertificateListType)
        {
            throw new GraphValidationException($"{path}.@type", $"Certificate source {type.ToJsonString()} is not supported; Cvr supports {CertificateListType}.");
        }

        if (source["certificates"] is not JsonArray { Count: > 0 } list)
        {
            throw new GraphValidationException($"{path}.certificates", "certificates must be an array of at least one PEM certificate (leave trustedCertificates out to trust the system's root CAs).");
        }

        for (var i = 0; i < list.Count; i++)
        {
            var at = $"{path}.certificates[{i}]";
            if (Json.Text(list[i]) is null)
            {
                throw new GraphValidationException(at, "Each trusted certificate must be a string of PEM text.");
            }

            var (pem, parameter) = resolve(list[i], at);
            if (pem is not null && PemCertificates.Problem(pem) is { } problem)
            {
                throw new GraphValidationException(at, $"The trusted certificate {problem}.", GraphValidationException.ModuleValidationError, parameter);
            }
        }
    }

    private static void CheckValidationOptions(JsonNode? node, string path, Resolve resolve)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject options)
        {
            throw new GraphValidationException(path, $"{ValidationOptions} must be an object with {IgnoreHostname} and {IgnoreSignature}.");
        }

        foreach (var (option, value) in options)
        {
            var at = $"{path}.{option}";
            if (!Options.Contains(option))
            {
                throw new GraphValidationException(at, $"Validation option '{option}' is not supported; Cvr honours {IgnoreHostname} and {IgnoreSignature}.");
            }

            if (Json.Text(value) is null)
            {
                throw new GraphValidationException(at, $"{option} must be the string \"true\" or \"false\" (LVA's type), or a parameter.");
            }

            var (text, parameter) = resolve(value, at);
            if (text is not null && !string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) && !string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphValidationException(at, $"{option} must be \"true\" or \"false\"; '{text}' is neither.", GraphValidationException.ModuleValidationError, parameter);
            }
        }
    }

    /// <summary>A value written out; null when absent, no string, or taken from a parameter.</summary>
    private static string? Literal(JsonNode? node) =>
        Json.Text(node) is { } text && !text.Contains("${", StringComparison.Ordinal) ? text : null;
}
