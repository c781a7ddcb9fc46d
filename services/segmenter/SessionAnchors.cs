using Cvr.Platform.State;

namespace Cvr.Segmenter;

/// <summary>
/// Each session's UTC anchor, fixed once from its first segment and kept in state, so that every
/// segment of the session is timed from the same origin and consecutive segments abut exactly.
/// </summary>
public sealed class SessionAnchors(IStateStoreFactory stores)
{
    private readonly IStateStore _state = stores.ForApp(SegmenterService.AppId);

    public async Task<DateTimeOffset?> GetAsync(string streamId, string sessionId, CancellationToken cancellationToken) =>
        (await _state.GetAsync<DateTimeOffset>(Key(streamId, sessionId), cancellationToken).ConfigureAwait(false))?.Value;

    public Task SetAsync(string streamId, string sessionId, DateTimeOffset anchor, CancellationToken cancellationToken) =>
        _state.SaveAsync(Key(streamId, sessionId), anchor, cancellationToken);

    public Task ForgetAsync(string streamId, string sessionId, CancellationToken cancellationToken) =>
        _state.DeleteAsync(Key(streamId, sessionId), cancellationToken);

    private static string Key(string streamId, string sessionId) => $"anchor:{streamId}:{sessionId}";
}
