using Cvr.Platform.Hosting;

namespace Cvr.Uploader;

internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddCvrPlatform();
        builder.AddUploaderService();
        var app = builder.Build();
        app.MapCvrPlatform();
        app.MapUploaderService();
        await app.RunAsync().ConfigureAwait(false);
    }
}
