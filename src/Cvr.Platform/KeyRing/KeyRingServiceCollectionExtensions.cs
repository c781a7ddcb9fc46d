using Cvr.Platform.Hosting;
using Cvr.Platform.State;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cvr.Platform.KeyRing;

public static class KeyRingServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core Data Protection for service <paramref name="appId"/>, its key ring where
    /// <see cref="KeyRingOptions"/> says, its keys encrypted with the configured certificate (Data
    /// Protection's own certificate encryptor). Settings that would protect nothing stop the service here.
    /// </summary>
    public static IServiceCollection AddCvrKeyRing(this IServiceCollection services, IConfiguration configuration, string appId)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);

        // One key ring per process: in cvr serve the first service to ask (the ingest) names it, and the
        // others (the catalog, for playback tokens) share it; its name must never change under sealed values.
        if (services.Any(d => d.ServiceType == typeof(KeyRingMarker)))
        {
            return services;
        }

        services.AddSingleton<KeyRingMarker>();
        var cvr = configuration.GetSection(CvrOptions.Section).Get<CvrOptions>() ?? new CvrOptions();
        var ring = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (KeyRingCertificate.Problem(ring, cvr.Mode) is { } problem)
        {
            throw new OptionsValidationException(KeyRingOptions.Section, typeof(KeyRingOptions), [problem]);
        }

        // A fixed name: the default (the content root) would orphan every sealed value when Cvr moves.
        var protection = services.AddDataProtection().SetApplicationName($"cvr-{appId}");
        if (KeyRingCertificate.Load(ring) is { } certificate)
        {
            protection.ProtectKeysWithCertificate(certificate);
        }

        if (cvr.Mode == CvrMode.InProcess)
        {
            // At start, not at first use: a key folder an older Cvr left open is closed before anything else runs.
            PrivateFolderXmlRepository.Prepare(FolderOf(cvr, ring));
        }

        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, provider) =>
            keys.XmlRepository = cvr.Mode == CvrMode.InProcess
                ? new PrivateFolderXmlRepository(FolderOf(cvr, ring), provider.GetRequiredService<ILoggerFactory>())
                : new StateStoreXmlRepository(provider.GetRequiredService<IStateStoreFactory>().ForApp(appId), provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static string FolderOf(CvrOptions cvr, KeyRingOptions ring) =>
        string.IsNullOrWhiteSpace(ring.Folder) ? Path.Combine(cvr.DataPath, "keys") : Path.GetFullPath(ring.Folder);

    private sealed class KeyRingMarker;
}
