using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>The RTSP source's endpoint: its @type and its credentials' shape.</summary>
public static class EndpointRules
{
    public const string UnsecuredEndpointType = "#Microsoft.Media.MediaGraphUnsecuredEndpoint";

    public static readonly IReadOnlyList<string> EndpointTypes = [UnsecuredEndpointType, TlsEndpointRules.TlsEndpointType];

    public const string CredentialsType = "#Microsoft.Media.MediaGraphUsernamePasswordCredentials";

    public static void CheckShape(JsonObject endpoint, string path)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint["@type"] is { } type && (Json.Text(type) is not { } name || !EndpointTypes.Contains(name)))
        {
            throw new GraphValidationException($"{path}.@type", $"Endpoint type {type.ToJsonString()} is not supported; Cvr supports {string.Join(", ", EndpointTypes)}.");
        }

        if (endpoint["credentials"] is not { } credentials)
        {
            return;
        }

        if (credentials is not JsonObject fields)
        {
            throw new GraphValidationException($"{path}.credentials", "credentials must be an object with username and password.");
        }

        if (fields["@type"] is { } credentialsType && Json.Text(credentialsType) != CredentialsType)
        {
            throw new GraphValidationException($"{path}.credentials.@type", $"Credentials type {credentialsType.ToJsonString()} is not supported; Cvr supports {CredentialsType}.");
        }

        foreach (var field in new[] { "username", "password" })
        {
            if (fields[field] is { } value && Json.Text(value) is null)
            {
                throw new GraphValidationException($"{path}.credentials.{field}", $"credentials.{field} must be a string.");
            }
        }
    }
}
