using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cvr.ContractTests.Telemetry;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP receiver at the protocol level: accepts <c>POST /v1/traces</c>,
/// <c>/v1/metrics</c> and <c>/v1/logs</c> (protobuf bodies) on 127.0.0.1, answers 200 with an empty
/// response, and keeps what arrived.
/// </summary>
public sealed class OtlpReceiverDouble : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly ConcurrentQueue<OtlpExport> _exports = new();

    private OtlpReceiverDouble(WebApplication host) => _host = host;

    /// <summary>The value of OTEL_EXPORTER_OTLP_ENDPOINT for an app that exports here.</summary>
    public string Endpoint => _host.Urls.Single();

    public IReadOnlyList<OtlpExport> Exports => [.. _exports];

    public static async Task<OtlpReceiverDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var host = builder.Build();
        var receiver = new OtlpReceiverDouble(host);
        host.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue(new OtlpExport(signal, request.ContentType, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await host.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }
}

/// <summary>One OTLP export request: its signal (traces, metrics, logs), content type and protobuf body.</summary>
public sealed record OtlpExport(string Signal, string? ContentType, byte[] Body)
{
    /// <summary>Whether the body holds this text (protobuf keeps strings as UTF-8 bytes).</summary>
    public bool Mentions(string text) => Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
