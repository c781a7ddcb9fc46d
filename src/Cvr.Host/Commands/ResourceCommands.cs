using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>What <c>cvr topology</c> and <c>cvr instance</c> share: listing a collection as a table, and showing one resource.</summary>
internal static class ResourceCommands
{
    public static async Task<int> ListAsync(
        CommandOptions options, TextWriter output, string collection, string whenEmpty, Func<JsonNode?, IReadOnlyList<string>> table, CancellationToken ct)
    {
        using var cvr = CvrClient.Create(options, CvrClient.ShortTimeout);
        var answer = await cvr.CallAsync(HttpMethod.Get, collection, null, ct).ConfigureAwait(false);
        if (!JsonFields.Items(answer.Body).Any())
        {
            await output.WriteLineAsync(whenEmpty).ConfigureAwait(false);
            return 0;
        }

        foreach (var line in table(answer.Body))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        return 0;
    }

    public static async Task<int> GetAsync(CommandOptions options, TextWriter output, string path, CancellationToken ct)
    {
        using var cvr = CvrClient.Create(options, CvrClient.ShortTimeout);
        var answer = await cvr.CallAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        await output.WriteLineAsync(answer.IndentedBody).ConfigureAwait(false);
        return 0;
    }
}
