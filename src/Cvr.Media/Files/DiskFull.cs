namespace Cvr.Media.Files;

/// <summary>Tells a full disk (ENOSPC, or a quota: EDQUOT) from other I/O failures.</summary>
public static class DiskFull
{
    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;

    public static bool Is(Exception? exception) => exception switch
    {
        null => false,
        IOException io when (io.HResult & 0xFFFF) is NoSpace or QuotaExceeded => true,
        IOException io when io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase) => true,
        _ => Is(exception.InnerException),
    };
}
