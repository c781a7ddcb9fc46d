using System.Security.Cryptography;
using System.Text;

namespace Cvr.Platform.Storage;

/// <summary>
/// Turns an asset name into a valid Azure container name (3–63 characters of a–z, 0–9 and single
/// hyphens, starting and ending with a letter or digit), which also serves as the folder name.
/// </summary>
public static class AssetNames
{
    private const int MaxLength = 63;

    public static string ToContainerName(string assetName)
    {
        ArgumentNullException.ThrowIfNull(assetName);
        var builder = new StringBuilder(assetName.Length);
        foreach (var c in assetName.ToLowerInvariant())
        {
            var mapped = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-';
            if (mapped == '-' && (builder.Length == 0 || builder[^1] == '-'))
            {
                continue;
            }

            builder.Append(mapped);
        }

        var name = builder.ToString().Trim('-');
        if (name.Length > MaxLength || !name.Equals(assetName.ToLowerInvariant(), StringComparison.Ordinal))
        {
            // A name changed beyond its case, or shortened, gets a short hash of the original, so that
            // two different asset names never collapse onto one container.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(assetName)))[..8];
            var keep = Math.Min(name.Length, MaxLength - hash.Length - 1);
            name = keep == 0 ? hash : $"{name[..keep].TrimEnd('-')}-{hash}";
        }

        return name.Length < 3 ? $"{name}-asset" : name;
    }
}
