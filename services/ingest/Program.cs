using Cvr.Platform.Hosting;

namespace Cvr.Ingest;

internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddCvrPlatform();
        builder.AddIngestService();
        var app = builder.Build();
        app.MapCvrPlatform();
        app.MapIngestService();
        await app.RunAsync().ConfigureAwait(false);
    }
}
