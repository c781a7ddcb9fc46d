namespace Cvr.Host.Commands;

/// <summary>What one command accepts: its positional arguments, its options that take a value, and its flags.</summary>
/// <param name="Usage">The usage line shown with a mistake, e.g. <c>cvr topology get NAME [--url URL]</c>.</param>
/// <param name="Arguments">The positional arguments, all required, e.g. <c>["NAME"]</c>.</param>
/// <param name="Options">Options that take a value (<c>--name value</c> or <c>--name=value</c>); any may be repeated.</param>
/// <param name="Flags">Options that take no value, e.g. <c>no-wait</c>.</param>
public sealed record CommandSyntax(string Usage, IReadOnlyList<string> Arguments, IReadOnlyCollection<string> Options, IReadOnlyCollection<string>? Flags = null);
