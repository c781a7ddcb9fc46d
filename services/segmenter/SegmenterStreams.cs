using Cvr.Platform.State;
using Cvr.Platform.Streams;

namespace Cvr.Segmenter;

/// <summary>The streams whose caches the segmenter watches.</summary>
public sealed class SegmenterStreams(IStateStoreFactory stores) : StreamRegistry(stores, SegmenterService.AppId);
