using Cvr.Platform.State;
using Cvr.Platform.Streams;

namespace Cvr.Uploader;

/// <summary>The streams whose sealed segments the uploader stores.</summary>
public sealed class UploaderStreams(IStateStoreFactory stores) : StreamRegistry(stores, UploaderService.AppId);
