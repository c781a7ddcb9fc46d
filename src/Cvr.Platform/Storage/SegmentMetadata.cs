namespace Cvr.Platform.Storage;

/// <summary>
/// The metadata names every stored segment carries, so that the asset store's listing alone can
/// rebuild a catalog. Azure metadata names must be C# identifiers; these are.
/// </summary>
public static class SegmentMetadata
{
    public const string Start = "start";
    public const string End = "end";
    public const string Sha256 = "sha256";
    public const string StreamId = "streamid";
    public const string SessionId = "sessionid";
    public const string Sequence = "sequence";
}
