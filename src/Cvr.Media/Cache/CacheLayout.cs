namespace Cvr.Media.Cache;

/// <summary>
/// The layout of one stream's local media cache, and the contract between the services that share it.
/// Moving a segment between stages is a rename, never a copy. The layout is on users' disks: it does
/// not change.
/// <code>
/// {cache}/ingest/{session}/seg-000000.mp4, segments.csv, timing.csv, ffmpeg.pid, closed
/// {cache}/sealed/{segment}.mp4 + .json      complete, not yet uploaded
/// {cache}/uploaded/{segment}.mp4 + .json    uploaded, kept for local playback until evicted
/// </code>
/// Who may write and who may read each folder (no other service touches it); a segment's bytes never
/// change once it has left <c>ingest/</c>:
/// <list type="table">
/// <listheader><term>folder</term><description>who writes, who reads</description></listheader>
/// <item><term><c>ingest/{session}/</c></term><description>The ingest creates it and writes into it
/// (ffmpeg's segments and list, the timing, the pid, the closed marker). The segmenter reads it, moves
/// each finished segment out into <c>sealed/</c>, and removes the folder once it is closed. The uploader
/// only measures it (the cache budget counts what ffmpeg is writing).</description></item>
/// <item><term><c>sealed/</c></term><description>The segmenter moves segments in and writes their
/// manifests (and, starting up, clears what a crash left half-done). The uploader reads them, moves
/// them on into <c>uploaded/</c>, or deletes them when the cache or the volume must give up video or a
/// segment is found damaged. The catalog reads them for playback.</description></item>
/// <item><term><c>uploaded/</c></term><description>The uploader moves segments in and deletes them
/// (eviction, expiry). The segmenter reads manifests here to place a segment whose timing a crash
/// lost; the catalog reads segments for playback.</description></item>
/// </list>
/// A service that only reads another's segments goes through <see cref="CacheReader"/>, never a path
/// of its own making; facts about a segment (sealed, uploaded, evicted) travel as events, not as
/// folder contents.
/// </summary>
public sealed class CacheLayout
{
    public const string SegmentListFile = "segments.csv";
    public const string TimingFile = "timing.csv";
    public const string ClosedMarkerFile = "closed";
    public const string ProcessIdFile = "ffmpeg.pid";
    public const string ManifestExtension = ".json";

    public CacheLayout(string cachePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cachePath);
        Root = Path.GetFullPath(cachePath);
    }

    public string Root { get; }

    /// <summary>The ingest's session folders: written by the ingest only, emptied by the segmenter.</summary>
    public string IngestRoot => Path.Combine(Root, "ingest");

    /// <summary>Segments the segmenter sealed and moved in; only the uploader moves them on or deletes them.</summary>
    public string SealedFolder => Path.Combine(Root, "sealed");

    /// <summary>Segments the uploader moved in once they were in the asset store; only the uploader deletes them.</summary>
    public string UploadedFolder => Path.Combine(Root, "uploaded");

    public string SessionFolder(string sessionId) => Path.Combine(IngestRoot, sessionId);

    /// <summary>The ffmpeg output pattern of a session; the segment number is the sequence.</summary>
    public string SessionSegmentPattern(string sessionId) => Path.Combine(SessionFolder(sessionId), SessionSegmentName.FfmpegPattern);

    public string SessionSegment(string sessionId, long sequence) => Path.Combine(SessionFolder(sessionId), SessionSegmentName.Format(sequence));

    /// <summary>The session's segment files ffmpeg has started, by sequence, oldest first.</summary>
    public IReadOnlyList<(long Sequence, string Path)> SessionSegments(string sessionId) =>
        [.. SessionSegmentsIn(SessionFolder(sessionId))];

    /// <summary>The session segment files in a folder (a session's, or a bare ffmpeg's), by sequence.</summary>
    public static IEnumerable<(long Sequence, string Path)> SessionSegmentsIn(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, SessionSegmentName.SearchPattern)
            .Select(path => (Parsed: SessionSegmentName.TryParse(Path.GetFileName(path), out var sequence), Sequence: sequence, Path: path))
            .Where(f => f.Parsed)
            .Select(f => (f.Sequence, f.Path))
            .OrderBy(f => f.Sequence);
    }

    public string SessionSegmentList(string sessionId) => Path.Combine(SessionFolder(sessionId), SegmentListFile);

    /// <summary>The ingest's UTC times of the session's segments (<see cref="SegmentTiming"/>).</summary>
    public string SessionTiming(string sessionId) => Path.Combine(SessionFolder(sessionId), TimingFile);

    public string SessionClosedMarker(string sessionId) => Path.Combine(SessionFolder(sessionId), ClosedMarkerFile);

    public string SessionProcessIdFile(string sessionId) => Path.Combine(SessionFolder(sessionId), ProcessIdFile);

    public string Sealed(string fileName) => Path.Combine(SealedFolder, fileName);

    public string Uploaded(string fileName) => Path.Combine(UploadedFolder, fileName);

    public static string ManifestOf(string segmentPath) => Path.ChangeExtension(segmentPath, ManifestExtension);

    /// <summary>Session ids with a folder under ingest/, oldest first.</summary>
    public IReadOnlyList<string> Sessions() =>
        Directory.Exists(IngestRoot)
            ? [.. Directory.EnumerateDirectories(IngestRoot).Select(Path.GetFileName).OfType<string>().Where(SegmentFileName.IsSessionId).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The segment file, wherever it is in the cache now (sealed or uploaded), or null.</summary>
    public string? Find(string fileName)
    {
        var sealedPath = Sealed(fileName);
        if (File.Exists(sealedPath))
        {
            return sealedPath;
        }

        var uploadedPath = Uploaded(fileName);
        return File.Exists(uploadedPath) ? uploadedPath : null;
    }

    /// <summary>Segment files in a stage folder, oldest first (names sort by time).</summary>
    public static IReadOnlyList<string> SegmentsIn(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*" + SegmentFileName.Extension).Order(StringComparer.Ordinal)]
            : [];
}
