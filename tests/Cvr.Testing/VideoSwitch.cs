namespace Cvr.Testing;

/// <summary>
/// A change of the camera's video settings <paramref name="At"/> into its first stream, to <paramref name="To"/>,
/// as when someone edits them. Same codec (a new resolution): the session goes on with new parameter sets in
/// band. A new codec: the camera drops its clients, and the next DESCRIBE gets an SDP with the new codec.
/// </summary>
public sealed record VideoSwitch(TimeSpan At, VideoLoop To);
