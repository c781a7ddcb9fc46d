using Cvr.Platform.Hosting;
using Cvr.Platform.KeyRing;
using Cvr.Platform.State;
using Cvr.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cvr.UnitTests.Support;

/// <summary>The ingest's real Data Protection registration (<see cref="KeyRingServiceCollectionExtensions.AddCvrKeyRing"/>) over a real state store.</summary>
public static class KeyRingServices
{
    public static ServiceProvider Build(string dataFolder, IStateStoreFactory stores, CvrMode mode = CvrMode.InProcess, KeyEncryptionCertificate? certificate = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cvr:Mode"] = mode.ToString(),
            ["Cvr:Data"] = dataFolder,
        };
        foreach (var (key, value) in certificate?.Settings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.Configure<CvrOptions>(configuration.GetSection(CvrOptions.Section));
        services.AddSingleton(stores);
        services.AddCvrKeyRing(configuration, "ingest");
        return services.BuildServiceProvider();
    }
}
