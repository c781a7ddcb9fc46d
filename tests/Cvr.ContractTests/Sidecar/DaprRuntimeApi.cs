using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Cvr.ContractTests.Sidecar;

/// <summary>
/// The server side of daprd's gRPC API, <c>dapr.proto.runtime.v1.Dapr</c>, for the methods Cvr's
/// services call through Dapr.Client. Dapr.Protos ships the message types and the client stub but no
/// server base class, so the binding that protoc would generate is written here: Grpc.AspNetCore finds
/// <see cref="BindService"/> through the attribute and calls the methods named like the RPCs.
/// </summary>
[BindServiceMethod(typeof(DaprRuntimeApi), nameof(BindService))]
public abstract class DaprRuntimeApi
{
    /// <summary>The service name daprd registers (dapr/proto/runtime/v1/dapr.proto).</summary>
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    private static readonly Method<PublishEventRequest, Empty> PublishEventMethod = Unary("PublishEvent", PublishEventRequest.Parser, Empty.Parser);
    private static readonly Method<GetStateRequest, GetStateResponse> GetStateMethod = Unary("GetState", GetStateRequest.Parser, GetStateResponse.Parser);
    private static readonly Method<GetBulkStateRequest, GetBulkStateResponse> GetBulkStateMethod = Unary("GetBulkState", GetBulkStateRequest.Parser, GetBulkStateResponse.Parser);
    private static readonly Method<SaveStateRequest, Empty> SaveStateMethod = Unary("SaveState", SaveStateRequest.Parser, Empty.Parser);
    private static readonly Method<DeleteStateRequest, Empty> DeleteStateMethod = Unary("DeleteState", DeleteStateRequest.Parser, Empty.Parser);

    public abstract Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context);

    public abstract Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context);

    public abstract Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context);

    public abstract Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context);

    public abstract Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context);

    /// <summary>Called by Grpc.AspNetCore with a null service to discover the methods.</summary>
    public static void BindService(ServiceBinderBase binder, DaprRuntimeApi? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(PublishEventMethod, service is null ? null : new UnaryServerMethod<PublishEventRequest, Empty>(service.PublishEvent));
        binder.AddMethod(GetStateMethod, service is null ? null : new UnaryServerMethod<GetStateRequest, GetStateResponse>(service.GetState));
        binder.AddMethod(GetBulkStateMethod, service is null ? null : new UnaryServerMethod<GetBulkStateRequest, GetBulkStateResponse>(service.GetBulkState));
        binder.AddMethod(SaveStateMethod, service is null ? null : new UnaryServerMethod<SaveStateRequest, Empty>(service.SaveState));
        binder.AddMethod(DeleteStateMethod, service is null ? null : new UnaryServerMethod<DeleteStateRequest, Empty>(service.DeleteState));
    }

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> requests, MessageParser<TResponse> responses)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(
            MethodType.Unary,
            ServiceName,
            name,
            Marshallers.Create(m => m.ToByteArray(), requests.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), responses.ParseFrom));
}
