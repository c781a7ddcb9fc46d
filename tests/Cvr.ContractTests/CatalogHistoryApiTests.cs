using System.Net;
using System.Text.Json.Nodes;
using Cvr.Catalog.ReadModel;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;
using Cvr.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cvr.ContractTests;

/// <summary>
/// The catalog's HTTP answers on a long generated history (<see cref="LongHistory"/>, seeded into its own
/// catalog): every list paged behind @nextLink, AVA's precisions, and each over-long span a 400 naming the limit.
/// </summary>
public sealed class CatalogHistoryApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LongHistory History = new("sampleasset-history", "history", Day, 2);
    private DaprdSidecarDouble? _sidecar;
    private CvrServiceHost? _catalog;

    private HttpClient Http => _catalog!.Http;

    public async Task InitializeAsync()
    {
        _sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        _catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, _sidecar);
        await _catalog.Services.GetRequiredService<CatalogDatabase>().UpsertSegmentsAsync(
            History.Segments(includeEvicted: true).Select(s => new CatalogSegment(s.Segment, Uploaded: !s.Evicted, s.Evicted, s.Evicted ? "CacheFull" : null)),
            CancellationToken.None);
    }

    [Fact]
    public async Task Segments_TwoDaysOfThem_ComeInPagesOfAThousandThatAddUpToAll()
    {
        var names = new List<string>();
        var pages = 0;
        for (Uri? next = new($"api/assets/{History.AssetName}/segments", UriKind.Relative); next is not null; pages++)
        {
            var page = JsonNode.Parse(await Http.GetStringAsync(next))!;
            names.AddRange(page["value"]!.AsArray().Select(s => s!["fileName"]!.GetValue<string>()));
            next = page["@nextLink"] is { } link ? new Uri(link.GetValue<string>()) : null;
        }

        var all = History.Segments(includeEvicted: true).Select(s => s.Segment.FileName).ToList();
        Assert.Equal((all.Count + 999) / 1000, pages);
        Assert.Equal(all, names);
    }

    [Fact]
    public async Task AvailableMedia_DayPrecision_NamesTheTwoDaysAsOneRange()
    {
        var answer = JsonNode.Parse(await Http.GetStringAsync(new Uri($"api/assets/{History.AssetName}/availableMedia?precision=day&start=2026-10-15&end=2026-11-14", UriKind.Relative)))!;

        var range = Assert.Single(answer["timeRanges"]!.AsArray())!;
        Assert.Equal(("2026-11-01", "2026-11-02"), (range["start"]!.GetValue<string>(), range["end"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("precision=day&start=2026-10-15&end=2026-11-15", "31 days")]
    [InlineData("precision=month&start=2026-01&end=2027-01", "12 months")]
    [InlineData("precision=full&start=2026-11-01T00:00:00Z&end=2026-11-02T02:00:00Z", "25 hours")]
    public async Task AvailableMedia_SpanOverThePrecisionsLimit_Is400NamingIt(string query, string limit)
    {
        using var response = await Http.GetAsync(new Uri($"api/assets/{History.AssetName}/availableMedia?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(limit, problem["errors"]!["end"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AvailableMedia_ForeignContinuationToken_Is400NamingIt()
    {
        using var response = await Http.GetAsync(new Uri($"api/assets/{History.AssetName}/availableMedia?continuationToken=not-ours", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["continuationToken"]);
    }

    public async Task DisposeAsync()
    {
        if (_catalog is not null)
        {
            await _catalog.DisposeAsync();
        }

        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
        }
    }
}
