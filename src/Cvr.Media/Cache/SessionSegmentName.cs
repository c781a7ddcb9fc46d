using System.Globalization;

namespace Cvr.Media.Cache;

/// <summary>
/// The one codec for the names ffmpeg gives a session's files: <c>seg-{sequence:D6}.mp4</c>, e.g.
/// <c>seg-000003.mp4</c>. Only inside a session folder; a sealed segment is renamed to its
/// <see cref="SegmentFileName"/>.
/// </summary>
public static class SessionSegmentName
{
    /// <summary>ffmpeg's output pattern: its segment number is the sequence.</summary>
    public const string FfmpegPattern = Prefix + "%06d" + Extension;

    /// <summary>The search pattern that finds every session file in a folder.</summary>
    public const string SearchPattern = Prefix + "*" + Extension;

    private const string Prefix = "seg-";
    private const string Extension = SegmentFileName.Extension;

    public static string Format(long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{sequence:D6}{Extension}");

    /// <summary>The sequence a session file's name (not path) carries; false for any other name.</summary>
    public static bool TryParse(string? fileName, out long sequence)
    {
        sequence = 0;
        return fileName is not null
            && fileName.Length > Prefix.Length + Extension.Length
            && fileName.StartsWith(Prefix, StringComparison.Ordinal)
            && fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
