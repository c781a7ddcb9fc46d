using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;

namespace Cvr.ContractTests;

/// <summary>
/// Under Dapr each service is its own process, stopped by SIGTERM on every rollout: StopAsync then
/// DisposeAsync, as WebApplication.RunAsync ends, must complete without an exception (an exception
/// there ends the process with an unhandled error and a non-zero exit code).
/// </summary>
public class ServiceLifecycleTests
{
    [Theory]
    [InlineData("ingest")]
    [InlineData("segmenter")]
    [InlineData("uploader")]
    [InlineData("catalog")]
    public async Task Service_GracefulShutdown_CompletesWithoutException(string appId)
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync(appId);
        var app = await CvrServiceHost.StartAsync(CvrService.Named(appId), sidecar);
        using (var health = await app.Http.GetAsync(new Uri("health", UriKind.Relative)))
        {
            Assert.Equal(200, (int)health.StatusCode);
        }

        var failure = await app.ShutDownAsync();

        Assert.True(failure is null, $"{appId} threw while shutting down: {failure}");
    }
}
