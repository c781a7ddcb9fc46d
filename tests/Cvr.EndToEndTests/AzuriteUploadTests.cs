using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>Recording to Azure Blob storage (Azurite): one blob, and one write request, per segment.</summary>
public sealed class AzuriteUploadTests : IAsyncLifetime
{
    private const string Instance = "loading-bay";
    private readonly TemporaryFolder _folder = new();
    private AzuriteServer _azurite = null!;
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    private string CachePath => Path.Combine(_folder.Path, "cache");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync(_folder.Path);
        _camera = await TestCamera.StartAsync(_folder.Path);
        _host = await CvrHostProcess.StartAsync(_folder.Path, assetStore: _azurite.ConnectionString);
    }

    [Fact]
    public async Task Recording_ToAzurite_StoresEachSegmentOnceWithOneWriteRequest()
    {
        await _host.RecordAsync(Instance, _camera.Url, CachePath);
        await Eventually.WaitAsync(() => Task.FromResult(Uploaded().Count >= 1), Eventually.Bound, "a first segment is uploaded");
        await _host.DeactivateAsync(Instance);
        await Eventually.WaitAsync(
            () => Task.FromResult(Uploaded().Count >= 2 && Uploaded().Count == SegmentFiles.InCache(CachePath).Count),
            Eventually.Bound,
            "every segment, the last one closed by the deactivation too, is uploaded");

        var segments = SegmentFiles.InCache(CachePath);
        var container = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(CvrHostProcess.AssetName(Instance));
        var blobs = new List<BlobItem>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
        {
            blobs.Add(blob);
        }

        Assert.Equal(segments.Select(s => s.FileName), blobs.Select(b => b.Name));
        foreach (var (segment, blob) in segments.Zip(blobs))
        {
            Assert.Equal(segment.SizeBytes, blob.Properties.ContentLength);
            Assert.Equal(segment.Sha256, blob.Metadata["sha256"]);
            Assert.Equal(segment.Start, DateTimeOffset.Parse(blob.Metadata["start"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(segment.End, DateTimeOffset.Parse(blob.Metadata["end"], System.Globalization.CultureInfo.InvariantCulture));
        }

        var writes = await _azurite.BlobPutCountsAsync(container.Name);
        Assert.Equal(segments.Select(s => (s.FileName, 1)), writes.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.Value)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        await _azurite.DisposeAsync();
        _folder.Dispose();
    }

    private List<SegmentFiles.Manifest> Uploaded() =>
        [.. SegmentFiles.InCache(CachePath).Where(s => s.Path.Contains("/uploaded/", StringComparison.Ordinal))];
}
