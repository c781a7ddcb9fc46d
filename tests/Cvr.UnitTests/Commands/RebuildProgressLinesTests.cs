using Cvr.Catalog.ReadModel;
using Cvr.Host.Commands;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Commands;

public sealed class RebuildProgressLinesTests
{
    [Fact]
    public void Report_ManyBatches_OneLineEveryIntervalWithTheRate()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var lines = new RebuildProgressLines(output, time);

        time.Advance(TimeSpan.FromSeconds(1));
        lines.Report(new CatalogRebuildProgress(1, 5_000, 0));
        time.Advance(TimeSpan.FromSeconds(1));
        lines.Report(new CatalogRebuildProgress(1, 10_000, 0));
        time.Advance(TimeSpan.FromSeconds(1));
        lines.Report(new CatalogRebuildProgress(2, 15_000, 3));
        time.Advance(TimeSpan.FromSeconds(1));
        lines.Report(new CatalogRebuildProgress(2, 20_000, 3));

        Assert.Equal(
            ["cvr: rebuilding: 1 assets, 10,000 segments, 5,000 segments/s", "cvr: rebuilding: 2 assets, 20,000 segments, 5,000 segments/s"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
