using System.Globalization;
using System.Text.RegularExpressions;

namespace Cvr.Testing;

/// <summary>
/// strace attached to a running process and all its threads and children, recording the calls that
/// make files durable or give them names (fsync, fdatasync, rename*, link*), each with its paths (-y
/// gives the file behind a descriptor) and the time it completed (a rename, the time it began).
/// </summary>
public sealed partial class SyscallTrace : IAsyncDisposable
{
    private readonly ManagedProcess _strace;
    private readonly string _output;

    private SyscallTrace(ManagedProcess strace, string output)
    {
        _strace = strace;
        _output = output;
    }

    /// <summary>One call that succeeded.</summary>
    public sealed record Call(TimeSpan At, int Thread, string Name, IReadOnlyList<string> Paths);

    public static async Task<SyscallTrace> AttachAsync(int processId, string folder)
    {
        var output = Path.Combine(folder, $"strace-{processId}.txt");
        var strace = ManagedProcess.Start(
            "strace",
            ["-f", "-tt", "-y", "-qq", "--seccomp-bpf", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,link,linkat", "-o", output, "-p", processId.ToString(CultureInfo.InvariantCulture)],
            Path.Combine(folder, $"strace-{processId}.log"));

        // strace writes nothing until the first traced call; it is attached once the file exists.
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(output) || strace.HasExited), TimeSpan.FromSeconds(30), "strace is attached");
        return strace.HasExited ? throw new InvalidOperationException($"strace exited; see {strace.LogPath}") : new SyscallTrace(strace, output);
    }

    /// <summary>Detaches (strace lets the process go on) and reads what was recorded.</summary>
    public async Task<IReadOnlyList<Call>> StopAsync()
    {
        await _strace.StopAsync(TimeSpan.FromSeconds(10));
        return Parse(await File.ReadAllLinesAsync(_output));
    }

    public ValueTask DisposeAsync() => _strace.DisposeAsync();

    public static IReadOnlyList<Call> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var calls = new List<Call>();
        var pending = new Dictionary<int, (string Name, string Arguments)>();
        foreach (var line in lines)
        {
            var match = Line().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var thread = int.Parse(match.Groups["thread"].Value, CultureInfo.InvariantCulture);
            var at = TimeSpan.ParseExact(match.Groups["time"].Value, @"hh\:mm\:ss\.FFFFFF", CultureInfo.InvariantCulture);
            var rest = match.Groups["rest"].Value;
            string name, arguments;
            if (match.Groups["resumed"].Success)
            {
                if (!pending.Remove(thread, out var begun))
                {
                    continue;
                }

                (name, arguments) = (begun.Name, begun.Arguments + rest);
            }
            else
            {
                name = match.Groups["name"].Value;
                if (rest.EndsWith("<unfinished ...>", StringComparison.Ordinal))
                {
                    pending[thread] = (name, rest[..^"<unfinished ...>".Length]);
                    continue;
                }

                arguments = rest;
            }

            if (!Succeeded().IsMatch(arguments))
            {
                continue;
            }

            var paths = name.StartsWith("fsync", StringComparison.Ordinal) || name.StartsWith("fdatasync", StringComparison.Ordinal)
                ? Descriptor().Matches(arguments).Select(m => m.Groups[1].Value).ToList()
                : Quoted().Matches(arguments).Select(m => m.Groups[1].Value).ToList();
            calls.Add(new Call(at, thread, name, paths));
        }

        return calls;
    }

    [GeneratedRegex(@"^(?<thread>\d+)\s+(?<time>\d\d:\d\d:\d\d\.\d+)\s+(?:<\.\.\. (?<resumed>\w+) resumed>|(?<name>\w+)\()(?<rest>.*)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"\)\s+=\s+0\s*$")]
    private static partial Regex Succeeded();

    [GeneratedRegex(@"\d+<([^>]+)>")]
    private static partial Regex Descriptor();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Quoted();
}
