using System.Runtime.InteropServices;

namespace Cvr.Ingest.Recording;

/// <summary>
/// kill(2): .NET's Process.Kill sends SIGKILL only, but ffmpeg needs SIGTERM to close and list its
/// last segment.
/// </summary>
internal static partial class ProcessSignals
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    public static bool Terminate(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    public static bool ForceKill(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigKill) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
