using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cvr.Contracts.Events;
using Cvr.Contracts.Json;
using Cvr.Testing;

namespace Cvr.UnitTests.Contracts;

/// <summary>docs/events.md is the public contract's documentation: its examples must be exactly what Cvr sends.</summary>
public partial class EventsDocumentationTests
{
    public static TheoryData<string> EventTypes() =>
        [.. typeof(IIntegrationEvent).Assembly.GetTypes().Where(t => t.IsClass && typeof(IIntegrationEvent).IsAssignableFrom(t)).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Example_OfEachEvent_RoundTripsThroughTheContractUnchanged(string eventName)
    {
        var type = typeof(IIntegrationEvent).Assembly.GetTypes().Single(t => t.Name == eventName);
        var section = Sections().GetValueOrDefault(eventName) ?? throw new Xunit.Sdk.XunitException($"docs/events.md has no section for {eventName}");
        var example = JsonNode.Parse(JsonBlock().Match(section).Groups[1].Value)!;

        var parsed = example.Deserialize(type, ContractJson.Options)!;
        var again = JsonSerializer.SerializeToNode(parsed, type, ContractJson.Options);

        Assert.True(JsonNode.DeepEquals(example, again), $"{eventName}: documented {example.ToJsonString()} but Cvr sends {again!.ToJsonString()}");
        var topic = (string)type.GetProperty(nameof(IIntegrationEvent.Topic))!.GetValue(null)!;
        Assert.Contains($"Topic `{topic}`", section, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Sections()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "events.md"));
        return Heading().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    [GeneratedRegex(@"^## (\w+)\n(.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
