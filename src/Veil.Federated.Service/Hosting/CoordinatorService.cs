using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Veil.Federated.Service.Coordination;
using Veil.Federated.Service.Protocol;

namespace Veil.Federated.Service.Hosting;

/// <summary>The gRPC face of a <see cref="FederatedCoordinator"/>. The caller's client id comes from its TLS
/// certificate; a request naming another id (one client replaying or forging another's message) is refused with
/// PERMISSION_DENIED, a refused update with FAILED_PRECONDITION and the reason.</summary>
/// <remarks>Thread-safety: stateless over a thread-safe coordinator.</remarks>
internal sealed class CoordinatorService(FederatedCoordinator coordinator, ClientRegistry registry) : Coordinator.CoordinatorBase
{
    public override Task<TaskReply> GetTask(TaskRequest request, ServerCallContext context)
    {
        int client = Authenticate(request.ClientId, context);
        (ClientTask task, int round, float[]? weights) = Call(() => coordinator.GetTask(client));
        var reply = new TaskReply
        {
            State = task switch { ClientTask.Train => TaskReply.Types.State.Train, ClientTask.Done => TaskReply.Types.State.Done, _ => TaskReply.Types.State.Wait },
            Round = round,
            Rounds = coordinator.Options.Rounds,
            Model = coordinator.Options.Model,
        };
        if (weights is not null)
        {
            reply.GlobalWeights = ByteString.CopyFrom(MemoryMarshal.AsBytes(weights.AsSpan()));
        }

        return Task.FromResult(reply);
    }

    public override Task<UpdateReply> SubmitUpdate(UpdateRequest request, ServerCallContext context)
    {
        int client = Authenticate(request.ClientId, context);
        if (request.Update.Length % sizeof(float) != 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"client {client}'s update is not a whole number of float32 values"));
        }

        ReadOnlySpan<float> update = MemoryMarshal.Cast<byte, float>(request.Update.Span);
        float[] copy = update.ToArray();
        Call(() =>
        {
            coordinator.Submit(client, request.Round, copy, request.Weight);
            return true;
        });
        return Task.FromResult(new UpdateReply { Accepted = true });
    }

    private int Authenticate(int claimed, ServerCallContext context)
    {
        int? id = registry.IdOf(context.GetHttpContext().Connection.ClientCertificate);
        if (id is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the client certificate is not registered"));
        }

        if (id != claimed)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"this certificate belongs to client {id}, not {claimed}"));
        }

        return id.Value;
    }

    private static T Call<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (CoordinatorException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
    }
}
