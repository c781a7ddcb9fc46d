using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cvr.DeploymentTests.Support;

/// <summary>One request the setup job made: method, path, its Authorization header and body.</summary>
public sealed record IngestCall(string Method, string Path, string? Authorization, string Body)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// A stand-in for the ingest's management API, served by Kestrel on 127.0.0.1 as the ingest is, for
/// running the setup job's script: it answers as the ingest answers a first install (or refuses every
/// key), records each call, and while each call is open reads every process's command line, looking
/// for the key.
/// </summary>
public sealed class RecordingIngest : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly ConcurrentQueue<IngestCall> _calls = new();
    private readonly ConcurrentQueue<string> _commandLinesWithKey = new();
    private readonly ConcurrentQueue<string> _curlCommandLines = new();
    private readonly string _key;
    private readonly bool _refuseEveryKey;

    private RecordingIngest(WebApplication host, string key, bool refuseEveryKey)
    {
        _host = host;
        _key = key;
        _refuseEveryKey = refuseEveryKey;
    }

    /// <summary>http://127.0.0.1:PORT, the setup job's CVR_INGEST_URL.</summary>
    public string Address => _host.Urls.Single();

    public IReadOnlyList<IngestCall> Calls => [.. _calls];

    /// <summary>Command lines of any process that held the key while a call was open.</summary>
    public IReadOnlyList<string> CommandLinesWithKey => [.. _commandLinesWithKey];

    /// <summary>The curl command lines seen while calls were open: proof that the search saw curl at all.</summary>
    public IReadOnlyList<string> CurlCommandLines => [.. _curlCommandLines];

    public static async Task<RecordingIngest> StartAsync(string key, bool refuseEveryKey = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var host = builder.Build();
        var ingest = new RecordingIngest(host, key, refuseEveryKey);
        host.Run(ingest.AnswerAsync);
        await host.StartAsync();
        return ingest;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var authorization = request.Headers.Authorization.Count == 0 ? null : request.Headers.Authorization.ToString();
        var call = new IngestCall(request.Method, request.Path.Value ?? "", authorization, await reader.ReadToEndAsync(context.RequestAborted));
        _calls.Enqueue(call);
        if (call.Path != "/health")
        {
            // curl is still waiting for this answer, so its command line is there to read.
            ReadCommandLines();
        }

        context.Response.StatusCode = Status(call);
        await context.Response.WriteAsJsonAsync(new { }, context.RequestAborted);
    }

    private int Status(IngestCall call) => call switch
    {
        { Path: "/health" } => StatusCodes.Status200OK,
        _ when _refuseEveryKey || call.Authorization != $"Bearer {_key}" => StatusCodes.Status401Unauthorized,
        { Method: "PUT" } => StatusCodes.Status201Created,
        _ => StatusCodes.Status200OK,
    };

    private void ReadCommandLines()
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(folder), out _))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(System.IO.Path.Combine(folder, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // the process ended meanwhile
            }

            if (commandLine.Contains(_key, StringComparison.Ordinal))
            {
                _commandLinesWithKey.Enqueue(commandLine);
            }

            if (commandLine.StartsWith("curl ", StringComparison.Ordinal))
            {
                _curlCommandLines.Enqueue(commandLine);
            }
        }
    }
}
