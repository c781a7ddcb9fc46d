using Cvr.Contracts.Json;

namespace Cvr.Examples.UploadedMinutes;

internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddDaprClient(dapr => dapr.UseJsonSerializationOptions(ContractJson.Options));
        builder.Services.ConfigureHttpJsonOptions(json => ContractJson.Apply(json.SerializerOptions));
        var app = builder.Build();
        app.MapMinutesApi();
        await app.RunAsync().ConfigureAwait(false);
    }
}
