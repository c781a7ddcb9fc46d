using System.Text.RegularExpressions;

namespace Cvr.Ingest.Management;

/// <summary>Topology and instance names: short, and safe in keys, paths and URLs.</summary>
public static partial class GraphNames
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public const string Rule = "Names are 1 to 64 characters of letters, digits, '-', '_' and '.', starting with a letter or digit.";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex Pattern();
}
