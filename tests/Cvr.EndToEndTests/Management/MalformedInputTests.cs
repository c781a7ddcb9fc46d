using System.Text;
using System.Text.Json.Nodes;
using static Cvr.EndToEndTests.Management.ManagementHostFixture;

namespace Cvr.EndToEndTests.Management;

/// <summary>
/// No input, however malformed, produces a 5xx: every value of a valid topology and instance is replaced in
/// turn by each kind of wrong value, and sent over REST and as a direct method.
/// </summary>
public sealed class MalformedInputTests(ManagementHostFixture lab) : IClassFixture<ManagementHostFixture>
{
    private static readonly Func<JsonNode?>[] WrongValues =
    [
        () => null, () => 0, () => -1, () => 1e308, () => true, () => string.Empty, () => "${", () => "${x}", () => new string('z', 5000), () => "P2000000000Y", () => "rtsp://u:p%C3%A4@cam:99999/s",
        () => new JsonArray(), () => new JsonObject(), () => new JsonArray(new JsonObject()),
    ];

    [Fact]
    public async Task EveryValueOfATopology_ReplacedByAnythingWrong_NeverAnswers5xx()
    {
        var failures = new List<string>();
        foreach (var (path, body) in Mutations(SampleTopology()))
        {
            await CheckAsync(HttpMethod.Put, "api/graphTopologies/fuzz", body, path, failures);
            body["@apiVersion"] = "2.0";
            await CheckAsync(HttpMethod.Post, "api/methods/GraphTopologySet", body, path, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
    }

    [Fact]
    public async Task EveryValueOfAnInstance_ReplacedByAnythingWrong_NeverAnswers5xx()
    {
        var failures = new List<string>();
        foreach (var (path, body) in Mutations(LabInstance("fuzz", Path.Combine(lab.Folder, "fuzz"))))
        {
            await CheckAsync(HttpMethod.Put, "api/graphInstances/fuzz", body, path, failures);
            body["@apiVersion"] = "2.0";
            await CheckAsync(HttpMethod.Post, "api/methods/GraphInstanceSet", body, path, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
    }

    [Theory]
    [InlineData("GraphTopologyGet")]
    [InlineData("GraphTopologyDelete")]
    [InlineData("GraphTopologyList")]
    [InlineData("GraphInstanceGet")]
    [InlineData("GraphInstanceDelete")]
    [InlineData("GraphInstanceList")]
    [InlineData("GraphInstanceActivate")]
    [InlineData("GraphInstanceDeactivate")]
    [InlineData("NoSuchMethod")]
    public async Task EveryMethod_WithAnythingWrongForNameOrVersion_NeverAnswers5xx(string method)
    {
        var failures = new List<string>();
        foreach (var wrong in WrongValues)
        {
            await CheckAsync(HttpMethod.Post, $"api/methods/{method}", new JsonObject { ["@apiVersion"] = "2.0", ["name"] = wrong() }, "$.name", failures);
            await CheckAsync(HttpMethod.Post, $"api/methods/{method}", new JsonObject { ["@apiVersion"] = wrong(), ["name"] = "x" }, "$.@apiVersion", failures);
        }

        foreach (var raw in new[]
        {
            string.Empty, "null", "[]", "\"x\"", "{", "{\"@apiVersion\":\"2.0\",\"@query\":5}",
            "{\"@apiVersion\":\"2.0\",\"@apiVersion\":\"2.0\"}", "{\"@apiVersion\":\"\\ud800\",\"name\":\"x\"}",
            "{\"@apiVersion\":\"2.0\",\"name\":\"x\",\"properties\":{\"description\":\"\\udc00\"}}",
        })
        {
            await CheckRawAsync(HttpMethod.Post, $"api/methods/{method}", raw, raw, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
    }

    /// <summary>The body with one value (or object, or array) replaced, for every place in it.</summary>
    private static IEnumerable<(string Path, JsonObject Body)> Mutations(JsonObject original)
    {
        foreach (var path in Paths(original, "$"))
        {
            foreach (var wrong in WrongValues)
            {
                var copy = (JsonObject)original.DeepClone();
                Replace(copy, path, wrong());
                yield return (path, copy);
            }
        }
    }

    private static IEnumerable<string> Paths(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    yield return $"{path}.{key}";
                    if (child is not null)
                    {
                        foreach (var inner in Paths(child, $"{path}.{key}"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return $"{path}[{i}]";
                    if (array[i] is { } child)
                    {
                        foreach (var inner in Paths(child, $"{path}[{i}]"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static void Replace(JsonObject root, string path, JsonNode? value)
    {
        JsonNode parent = root;
        var steps = path[1..].Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var last = i == steps.Length - 1;
            if (step.StartsWith('['))
            {
                var index = int.Parse(step[1..^1], System.Globalization.CultureInfo.InvariantCulture);
                if (last)
                {
                    parent.AsArray()[index] = value;
                }
                else
                {
                    parent = parent.AsArray()[index]!;
                }
            }
            else if (last)
            {
                parent.AsObject()[step] = value;
            }
            else
            {
                parent = parent.AsObject()[step]!;
            }
        }
    }

    private Task CheckAsync(HttpMethod method, string url, JsonObject body, string path, List<string> failures) =>
        CheckRawAsync(method, url, body.ToJsonString(), path, failures);

    private async Task CheckRawAsync(HttpMethod method, string url, string body, string what, List<string> failures)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await lab.Host.Http.SendAsync(request);
        if ((int)response.StatusCode >= 500)
        {
            failures.Add($"{method} {url} with {what} changed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return;
        }

        if (url.StartsWith("api/methods/", StringComparison.Ordinal)
            && JsonNode.Parse(await response.Content.ReadAsStringAsync())?["status"]?.GetValue<int>() is not (>= 200 and < 500))
        {
            failures.Add($"{url} with {what} changed: the method's status is not 2xx-4xx");
        }
    }
}
