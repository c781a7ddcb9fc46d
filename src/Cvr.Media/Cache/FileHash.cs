using System.Security.Cryptography;

namespace Cvr.Media.Cache;

/// <summary>SHA-256 of a file, lower-case hex: the content hash carried in events and blob metadata.</summary>
public static class FileHash
{
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
