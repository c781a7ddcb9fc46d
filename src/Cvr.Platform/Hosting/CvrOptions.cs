namespace Cvr.Platform.Hosting;

/// <summary>The <c>Cvr</c> configuration section shared by every service.</summary>
public sealed class CvrOptions
{
    public const string Section = "Cvr";

    /// <summary>Dapr (default for a service started alone) or InProcess (the <c>cvr</c> host).</summary>
    public CvrMode Mode { get; set; } = CvrMode.Dapr;

    /// <summary>Folder for the embedded database, the default cache root and the default asset folder.</summary>
    public string Data { get; set; } = "data";

    /// <summary>An Azure Storage connection string, or a folder; empty means <c>{Data}/assets</c>.</summary>
    public string? AssetStore { get; set; }

    /// <summary>Dapr pub/sub component name.</summary>
    public string PubSubName { get; set; } = "pubsub";

    /// <summary>Dapr state store component name.</summary>
    public string StateStoreName { get; set; } = "statestore";

    public string DataPath => Path.GetFullPath(Data);

    public string AssetStoreSetting => string.IsNullOrWhiteSpace(AssetStore) ? Path.Combine(DataPath, "assets") : AssetStore;
}
