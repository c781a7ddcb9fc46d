using Cvr.Platform.Hosting;

namespace Cvr.Catalog;

internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddCvrPlatform();
        builder.AddCatalogService();
        var app = builder.Build();
        app.MapCvrPlatform();
        app.MapCatalogService();
        await app.RunAsync().ConfigureAwait(false);
    }
}
