using System.Text.RegularExpressions;

namespace Cvr.Ingest.Management;

/// <summary>
/// User info in URLs (<c>rtsp://user:pass@host/…</c>) is a secret wherever it appears: masked in every
/// answer, sealed at rest, and taken out of the camera's URL into its credentials before recording.
/// </summary>
public static partial class UrlUserInfo
{
    /// <summary>
    /// True when the text holds a URL with user info written out. User info made only of parameter
    /// references (<c>rtsp://${user}:${pass}@cam</c>) is not: the parameters are the secrets then.
    /// </summary>
    public static bool IsIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UserInfo().Matches(text).Any(IsWrittenOut);
    }

    /// <summary>The text with the written-out user info of every URL in it replaced by the mask.</summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UserInfo().Replace(text, m => IsWrittenOut(m) ? m.Groups["scheme"].Value + SecretMasking.Mask + "@" : m.Value);
    }

    /// <summary>The parameters referenced inside the user info of the URLs in a topology's text.</summary>
    public static IEnumerable<string> References(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UserInfo().Matches(text).SelectMany(m => ParameterText.NamesIn(m.Groups["info"].Value));
    }

    /// <summary>The URL without its user info, and the user name and password it carried (unescaped), if any.</summary>
    public static (Uri Address, CameraCredentials? Credentials) Split(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.UserInfo.Length == 0)
        {
            return (url, null);
        }

        var address = new Uri(url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped));
        var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? url.UserInfo : url.UserInfo[..colon];
        var password = colon < 0 ? string.Empty : url.UserInfo[(colon + 1)..];
        return (address, new CameraCredentials(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password)));
    }

    private static bool IsWrittenOut(Match match) => ParameterText.WithoutReferences(match.Groups["info"].Value).Trim(':').Length > 0;

    // Greedy up to the last '@' before the path: a password may hold an unescaped '@'.
    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?<info>[^/\s?#]*)@")]
    private static partial Regex UserInfo();
}
