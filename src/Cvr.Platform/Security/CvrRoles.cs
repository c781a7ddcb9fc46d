namespace Cvr.Platform.Security;

/// <summary>
/// The two roles of Cvr's APIs. A viewer watches: assets, ranges, playlists, media, status. An operator
/// also manages: topologies, instances, LVA direct methods. Every operator is a viewer.
/// </summary>
public static class CvrRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Operator, Viewer];
}
