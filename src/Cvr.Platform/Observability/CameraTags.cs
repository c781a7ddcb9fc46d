using System.Diagnostics;

namespace Cvr.Platform.Observability;

/// <summary>
/// The labels of every per-camera metric: the graph instance (the stream id) and its asset, nothing finer
/// (no segment or session: one series per camera). Named <c>cvr.instance</c> and <c>cvr.asset</c>, not
/// <c>instance</c>, because Prometheus gives every scraped series an <c>instance</c> label of its own (the
/// target's address) and would rename ours to <c>exported_instance</c>.
/// </summary>
public static class CameraTags
{
    public const string Instance = "cvr.instance";
    public const string Asset = "cvr.asset";

    public static TagList For(string instance, string asset) => new() { { Instance, instance }, { Asset, asset } };

    public static TagList For(string instance, string asset, string key, object? value) =>
        new() { { Instance, instance }, { Asset, asset }, { key, value } };
}
