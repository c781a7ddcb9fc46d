namespace Cvr.Catalog.Clips;

/// <summary>Why no clip can be made of a range.</summary>
public enum ClipRefusalKind
{
    /// <summary>Not a frame is recorded in the range (404).</summary>
    NoMedia,

    /// <summary>The range spans a gap and the request did not ask for gaps to be skipped (400).</summary>
    Gap,

    /// <summary>The codec or picture size changes in the range: one MP4 track cannot hold both (400).</summary>
    MediaChange,
}

/// <summary>A refused clip: what kind of refusal, and a sentence naming the times that cause it.</summary>
public sealed record ClipRefusal(ClipRefusalKind Kind, string Detail);
