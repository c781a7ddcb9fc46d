using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Whether the kernel considers the host's clock synchronised (NTP, chrony, PTP…): adjtimex(2) in
/// read-only mode answers TIME_ERROR while it is not. Recorded times follow this clock, so an
/// unsynchronised host is said at start.
/// </summary>
public static partial class HostClock
{
    private const int TimeError = 5;

    /// <summary>True or false on Linux; null where it cannot be told.</summary>
    /// <param name="maximumError">The kernel's maximum error estimate, when synchronised.</param>
    public static bool? IsSynchronized(out TimeSpan maximumError)
    {
        maximumError = TimeSpan.Zero;
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return null;
        }

        // struct timex (208 bytes on 64-bit Linux); modes = 0 reads without changing anything.
        Span<byte> timex = stackalloc byte[256];
        timex.Clear();
        int state;
        try
        {
            state = Adjtimex(ref MemoryMarshal.GetReference(timex));
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        if (state < 0)
        {
            return null;
        }

        maximumError = TimeSpan.FromMicroseconds(BinaryPrimitives.ReadInt64LittleEndian(timex[24..]));
        return state != TimeError;
    }

    [LibraryImport("libc", EntryPoint = "adjtimex", SetLastError = true)]
    private static partial int Adjtimex(ref byte timex);
}
