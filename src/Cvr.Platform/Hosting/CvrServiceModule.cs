using Microsoft.AspNetCore.Builder;

namespace Cvr.Platform.Hosting;

/// <summary>
/// One Cvr service's composition root: its app id, everything it registers and everything it maps.
/// The three ways Cvr is hosted (a service's own Program under Dapr, <c>cvr serve</c> with the four in
/// one process, the contract tests) all build through <see cref="PlatformExtensions.BuildCvr"/>, so they
/// differ only in configuration: the mode picks the bus, the state store and the Dapr endpoints.
/// </summary>
public sealed record CvrServiceModule(string AppId, Action<WebApplicationBuilder> AddServices, Action<WebApplication> MapEndpoints)
{
    public override string ToString() => AppId;
}
