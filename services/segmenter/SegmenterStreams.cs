using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.State;
using Cvr.Platform.Streams;

namespace Cvr.Segmenter;

/// <summary>The streams whose session folders the segmenter seals; a deactivated one until its last session is sealed.</summary>
public sealed class SegmenterStreams(IStateStoreFactory stores) : StreamRegistry(stores, SegmenterService.AppId)
{
    protected override bool HasWorkLeft(StreamDescriptor stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new CacheLayout(stream.CachePath).Sessions().Count > 0;
    }
}
