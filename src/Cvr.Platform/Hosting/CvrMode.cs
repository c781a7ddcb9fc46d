namespace Cvr.Platform.Hosting;

/// <summary>How the services talk: chosen by configuration (<c>Cvr:Mode</c>), never by compilation.</summary>
public enum CvrMode
{
    /// <summary>Each service under its own Dapr sidecar: pub/sub and state through daprd.</summary>
    Dapr,

    /// <summary>All services in one process: durable in-process bus and embedded SQLite state.</summary>
    InProcess,
}
