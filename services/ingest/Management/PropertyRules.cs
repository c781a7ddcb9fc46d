using System.Globalization;
using Cvr.Contracts.Json;
using System.Text.RegularExpressions;

namespace Cvr.Ingest.Management;

/// <summary>
/// The rules for node property values, checked on the written-out value when a topology is set and on the
/// substituted value when an instance is set.
/// </summary>
public static partial class PropertyRules
{
    public const string Url = "url";
    public const string UserName = "username";
    public const string Password = "password";
    public const string Transport = "transport";
    public const string SegmentLengthProperty = "segmentLength";
    public const string CacheSize = "localMediaCacheMaximumSizeMiB";
    public const string CachePath = "localMediaCachePath";
    public const string AssetNamePattern = "assetNamePattern";

    /// <summary>Cvr's extension on the asset sink (AVA's name): how long the asset keeps its recording.</summary>
    public const string RetentionPeriod = "retentionPeriod";

    public static readonly TimeSpan MinimumRetentionPeriod = TimeSpan.FromMinutes(1);

    /// <summary>Cvr's extension on the RTSP source: Host (default) or Camera (trust its RTCP sender reports).</summary>
    public const string ClockSource = "clockSource";

    /// <summary>Cvr's extension on the RTSP source: how far camera time may be from the host's before it is distrusted.</summary>
    public const string CameraClockTolerance = "cameraClockTolerance";

    public static readonly TimeSpan DefaultCameraClockTolerance = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxCameraClockTolerance = TimeSpan.FromHours(1);

    /// <summary>1 TiB: beyond that the number is a typo.</summary>
    public const long MaxCacheMiB = 1024L * 1024;

    public const int MaxCachePathLength = 1024;

    /// <summary>The asset sink's properties and whether each is required.</summary>
    public static readonly IReadOnlyList<(string Property, bool Required)> SinkProperties =
        [(SegmentLengthProperty, false), (CacheSize, true), (CachePath, true), (AssetNamePattern, false), (RetentionPeriod, false)];

    /// <summary>Throws a <see cref="GraphValidationException"/> at <paramref name="path"/> if the value breaks the property's rule.</summary>
    public static void Check(string property, string? value, string path, string? parameter = null)
    {
        if (value is null)
        {
            return;
        }

        if (Broken(property, value) is { } rule)
        {
            throw new GraphValidationException(path, rule, GraphValidationException.ModuleValidationError, parameter);
        }
    }

    private static string? Broken(string property, string value) => property switch
    {
        Url => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "rtsp" or "rtsps" && uri.Host.Length > 0
            ? null
            : $"The RTSP source url must be an absolute rtsp:// or rtsps:// URL; '{Redact(value)}' is not.",
        UserName => !value.Any(char.IsControl) && !value.Contains(':', StringComparison.Ordinal)
            ? null
            : "The camera's username must not contain ':' or a control character such as a newline or NUL: RTSP authentication cannot carry them.",
        Password => !value.Any(char.IsControl)
            ? null
            : "The camera's password must not contain a control character such as a newline or NUL: RTSP authentication cannot carry them.",
        Transport => TryTransport(value, out _)
            ? null
            : $"transport must be 'Tcp' (RTP interleaved on the RTSP connection) or 'Http' (RTSP tunnelled over HTTP); '{value}' is neither (UDP is not offered: it loses packets on the networks cameras sit on).",
        SegmentLengthProperty => SegmentLength.TryParse(value, out _, out var error) ? null : error,
        CacheSize => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mib) && mib is >= 1 and <= MaxCacheMiB
            ? null
            : $"localMediaCacheMaximumSizeMiB must be a whole number of MiB from 1 to {MaxCacheMiB}; '{value}' is not.",
        CachePath => value.Length is > 0 and <= MaxCachePathLength && !value.Contains('\0', StringComparison.Ordinal)
            ? null
            : $"localMediaCachePath must be a folder path of 1 to {MaxCachePathLength} characters.",
        AssetNamePattern => AssetNameRule().IsMatch(value)
            ? null
            : "assetNamePattern must be 1 to 260 characters, none of < > % & : \\ / ? * + . ' (LVA's rule).",
        RetentionPeriod => TryDuration(value, out var retention) && retention >= MinimumRetentionPeriod
            ? null
            : $"retentionPeriod must be an ISO 8601 duration of at least PT1M, such as P30D; '{value}' is not.",
        ClockSource => string.Equals(value, "Host", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "Camera", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"clockSource must be 'Host' (the host's clock, learnt from when frames arrive) or 'Camera' (the camera's RTCP sender reports); '{value}' is neither.",
        CameraClockTolerance => TryDuration(value, out var tolerance) && tolerance > TimeSpan.Zero && tolerance <= MaxCameraClockTolerance
            ? null
            : $"cameraClockTolerance must be an ISO 8601 duration above zero and at most PT1H, such as PT5S; '{value}' is not.",
        _ => null,
    };

    /// <summary>LVA's transport, in any letter case as Azure's REST APIs accept enumerated values.</summary>
    public static bool TryTransport(string? value, out RtspTransport transport)
    {
        transport = RtspTransport.Tcp;
        if (string.Equals(value, nameof(RtspTransport.Http), StringComparison.OrdinalIgnoreCase))
        {
            transport = RtspTransport.Http;
            return true;
        }

        return string.Equals(value, nameof(RtspTransport.Tcp), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An ISO 8601 duration such as PT5S.</summary>
    public static bool TryDuration(string? value, out TimeSpan duration) => IsoDuration.TryParse(value, out duration);

    /// <summary>A URL for an error message, without the password it may carry.</summary>
    private static string Redact(string value)
    {
        var start = value.IndexOf("//", StringComparison.Ordinal);
        var at = value.LastIndexOf('@');
        return start >= 0 && at > start ? string.Concat(value.AsSpan(0, start + 2), "***", value.AsSpan(at)) : value;
    }

    [GeneratedRegex(@"^[^<>%&:\\/?*+.']{1,260}$")]
    private static partial Regex AssetNameRule();
}
