using Cvr.Platform.Hosting;

namespace Cvr.Ingest;

internal static class Program
{
    public static Task Main(string[] args) => WebApplication.CreateBuilder(args).BuildCvr(IngestService.Module).RunAsync();
}
