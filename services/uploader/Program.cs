using Cvr.Platform.Hosting;

namespace Cvr.Uploader;

internal static class Program
{
    public static Task Main(string[] args) => WebApplication.CreateBuilder(args).BuildCvr(UploaderService.Module).RunAsync();
}
