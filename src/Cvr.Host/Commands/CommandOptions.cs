namespace Cvr.Host.Commands;

/// <summary><c>--name value</c> pairs, checked against the options a command knows.</summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, string> _values;

    private CommandOptions(Dictionary<string, string> values)
    {
        _values = values;
    }

    public static CommandOptions Parse(string[] args, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(known);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CommandLineException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string value;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new CommandLineException($"option --{name} needs a value");
            }

            if (!known.Contains(name))
            {
                throw new CommandLineException($"unknown option --{name} (known: {string.Join(", ", known.Select(k => "--" + k))})");
            }

            values[name] = value;
        }

        return new CommandOptions(values);
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;
}
