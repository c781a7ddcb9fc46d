namespace Cvr.Platform.Security;

/// <summary>
/// The API keys (section <c>Cvr:Keys</c>): in <c>cvr serve</c> from the data folder's
/// <see cref="ApiKeyFile"/>, under Kubernetes from a Secret (<c>Cvr__Keys__Operator</c>,
/// <c>Cvr__Keys__Viewer</c>). A role without a key cannot be used with a key.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Cvr:Keys";

    public string? Operator { get; set; }

    public string? Viewer { get; set; }
}
