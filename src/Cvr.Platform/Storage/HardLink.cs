using System.Runtime.InteropServices;

namespace Cvr.Platform.Storage;

/// <summary>link(2): a second name for the same bytes, so a same-disk "upload" writes no video again.</summary>
internal static partial class HardLink
{
    /// <summary>False when the two paths are on different file systems (or links are not supported).</summary>
    public static bool TryCreate(string existing, string link) =>
        OperatingSystem.IsWindows() ? false : Link(existing, link) == 0;

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string link);
}
