using Cvr.Host.Commands;

namespace Cvr.Host;

internal static class Program
{
    public static Task<int> Main(string[] args) => CommandLine.RunAsync(args, Console.In, Console.Out, Console.Error, CancellationToken.None);
}
