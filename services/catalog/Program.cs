using Cvr.Platform.Hosting;

namespace Cvr.Catalog;

internal static class Program
{
    public static Task Main(string[] args) => WebApplication.CreateBuilder(args).BuildCvr(CatalogService.Module).RunAsync();
}
