namespace Cvr.Ingest.Management;

/// <summary>
/// Where a secret sits in a topology or instance body (a JSON pointer), and whether the whole value is
/// secret or only the user info of the URLs in it. Either way the whole value is sealed at rest.
/// </summary>
public sealed record SecretField(string Pointer, bool Whole);
