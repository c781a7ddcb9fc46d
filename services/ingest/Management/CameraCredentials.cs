namespace Cvr.Ingest.Management;

/// <summary>A camera's user name and password; prints masked.</summary>
public sealed record CameraCredentials(string UserName, string Password)
{
    public override string ToString() => $"{UserName}:***";
}
