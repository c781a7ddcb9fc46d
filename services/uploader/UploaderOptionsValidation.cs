using Cvr.Contracts.Json;
using Microsoft.Extensions.Options;

namespace Cvr.Uploader;

/// <summary>Refuses to start with uploader settings that make no sense, naming the setting.</summary>
public sealed class UploaderOptionsValidation : IValidateOptions<UploaderOptions>
{
    public ValidateOptionsResult Validate(string? name, UploaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (setting, value) in new[] { ("RetentionPeriod", options.RetentionPeriod), ("LocalRetentionPeriod", options.LocalRetentionPeriod) })
        {
            if (!string.IsNullOrWhiteSpace(value) && (!IsoDuration.TryParseSetting(value, out var period) || period < TimeSpan.FromMinutes(1)))
            {
                return ValidateOptionsResult.Fail($"Uploader:{setting} must be a duration of at least a minute, ISO 8601 (P30D) or d.hh:mm:ss; '{value}' is not.");
            }
        }

        if (options.MinimumFreeSpaceMiB is < 0)
        {
            return ValidateOptionsResult.Fail($"Uploader:MinimumFreeSpaceMiB must not be negative; it is {options.MinimumFreeSpaceMiB}.");
        }

        return options.RetentionInterval <= TimeSpan.Zero || options.DiskCheckInterval <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail("Uploader:RetentionInterval and Uploader:DiskCheckInterval must be positive durations.")
            : ValidateOptionsResult.Success;
    }
}
