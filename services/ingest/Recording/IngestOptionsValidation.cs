using Microsoft.Extensions.Options;

namespace Cvr.Ingest.Recording;

/// <summary>Refuses to start with ingest settings that make no sense, naming the setting.</summary>
public sealed class IngestOptionsValidation : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SegmentCutDelay < TimeSpan.Zero || options.SegmentCutDelay >= TimeSpan.FromSeconds(30))
        {
            return ValidateOptionsResult.Fail($"Ingest:SegmentCutDelay must be from 0 to under 30 seconds; it is {options.SegmentCutDelay}.");
        }

        if (options.UnsupportedMediaDelay <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"Ingest:UnsupportedMediaDelay must be positive (a camera Cvr cannot record is asked again after it); it is {options.UnsupportedMediaDelay}.");
        }

        if (!string.IsNullOrWhiteSpace(options.CacheRoot) && Path.GetFullPath(options.CacheRoot) is var root && Path.GetPathRoot(root) == root)
        {
            return ValidateOptionsResult.Fail($"Ingest:CacheRoot '{options.CacheRoot}' is a file system's root: an instance's cache could then be any folder. Give the folder caches belong in, e.g. /var/lib/cvr/cache.");
        }

        return options.Clock.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
