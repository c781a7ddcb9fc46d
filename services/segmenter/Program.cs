using Cvr.Platform.Hosting;

namespace Cvr.Segmenter;

internal static class Program
{
    public static Task Main(string[] args) => WebApplication.CreateBuilder(args).BuildCvr(SegmenterService.Module).RunAsync();
}
