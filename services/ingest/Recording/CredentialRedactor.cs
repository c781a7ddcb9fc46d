using System.Text.RegularExpressions;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Removes camera credentials from text that came from ffmpeg before it reaches a log: ffmpeg echoes
/// the input URL, user info included, in many of its messages.
/// </summary>
public sealed partial class CredentialRedactor
{
    private const string Mask = "***";
    private readonly string[] _secrets;

    public CredentialRedactor(params string?[] secrets)
    {
        // Longest first, so that a secret containing another is masked whole; URL-encoded forms too.
        _secrets = [.. secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => new[] { s!, Uri.EscapeDataString(s!) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)];
    }

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = UserInfo().Replace(text, "${scheme}" + Mask + "@");
        foreach (var secret in _secrets)
        {
            result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return result;
    }

    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]*@")]
    private static partial Regex UserInfo();
}
