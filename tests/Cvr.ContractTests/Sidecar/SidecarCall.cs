using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;

namespace Cvr.ContractTests.Sidecar;

/// <summary>One gRPC call the app made to the sidecar double, as it arrived, and how the double answered it.</summary>
/// <param name="Method">The RPC name, e.g. <c>SaveState</c>.</param>
/// <param name="Request">The request message exactly as decoded from the wire.</param>
/// <param name="ApiToken">The <c>dapr-api-token</c> metadata the app sent, if any.</param>
/// <param name="Status">The status the double answered with.</param>
/// <param name="TraceParent">The W3C <c>traceparent</c> metadata of the call, if any: daprd continues that trace.</param>
public sealed record SidecarCall(string Method, IMessage Request, string? ApiToken, StatusCode Status, string? TraceParent = null)
{
    /// <summary>The state keys the call names, exactly as the app sent them.</summary>
    public IReadOnlyList<string> Keys => Request switch
    {
        GetStateRequest get => [get.Key],
        GetBulkStateRequest bulk => [.. bulk.Keys],
        SaveStateRequest save => [.. save.States.Select(s => s.Key)],
        DeleteStateRequest delete => [delete.Key],
        _ => [],
    };

    public bool Succeeded => Status == StatusCode.OK;
}
