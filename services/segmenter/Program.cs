using Cvr.Platform.Hosting;

namespace Cvr.Segmenter;

internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddCvrPlatform();
        builder.AddSegmenterService();
        var app = builder.Build();
        app.MapCvrPlatform();
        await app.RunAsync().ConfigureAwait(false);
    }
}
