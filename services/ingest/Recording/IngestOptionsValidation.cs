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

        return options.Clock.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
