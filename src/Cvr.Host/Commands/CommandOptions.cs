namespace Cvr.Host.Commands;

/// <summary>
/// A parsed command line: positional arguments, <c>--name value</c> options (each may repeat) and flags,
/// checked against what the command knows.
/// </summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, List<string>> _values;
    private readonly IReadOnlyList<string> _arguments;

    private CommandOptions(Dictionary<string, List<string>> values, IReadOnlyList<string> arguments)
    {
        _values = values;
        _arguments = arguments;
    }

    /// <summary>Options only, no positional arguments (<c>serve</c>, <c>catalog rebuild</c>).</summary>
    public static CommandOptions Parse(string[] args, IReadOnlyCollection<string> known) =>
        Parse(args, new CommandSyntax(string.Empty, [], known));

    public static CommandOptions Parse(string[] args, CommandSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(syntax);
        var flags = syntax.Flags ?? [];
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var arguments = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (arguments.Count == syntax.Arguments.Count)
                {
                    throw Mistake($"unexpected argument '{arg}'", syntax);
                }

                arguments.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (flags.Contains(name))
            {
                value = value is null ? "true" : throw Mistake($"option --{name} takes no value", syntax);
            }
            else if (!syntax.Options.Contains(name))
            {
                var all = syntax.Options.Concat(flags).Select(k => "--" + k).ToList();
                throw Mistake(all.Count == 0 ? $"unknown option --{name} (this command takes none)" : $"unknown option --{name} (known: {string.Join(", ", all)})", syntax);
            }
            else if (value is null)
            {
                value = i + 1 < args.Length ? args[++i] : throw Mistake($"option --{name} needs a value", syntax);
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(value);
        }

        if (arguments.Count < syntax.Arguments.Count)
        {
            throw Mistake($"missing {syntax.Arguments[arguments.Count]}", syntax);
        }

        return new CommandOptions(values, arguments);
    }

    /// <summary>The positional argument at <paramref name="index"/> (the syntax made sure it is there).</summary>
    public string Argument(int index) => _arguments[index];

    /// <summary>The option's value; the last one when it was given more than once.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    /// <summary>Every value of a repeatable option, in command-line order.</summary>
    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public bool Has(string flag) => _values.ContainsKey(flag);

    private static CommandLineException Mistake(string message, CommandSyntax syntax) =>
        new(syntax.Usage.Length == 0 ? message : $"{message}; usage: {syntax.Usage}");
}
