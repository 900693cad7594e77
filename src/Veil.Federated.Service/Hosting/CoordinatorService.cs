using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Veil.Federated.SecureAggregation;
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
        CoordinatorTask task = Call(() => coordinator.GetTask(client));
        var reply = new TaskReply
        {
            State = task.Task switch { ClientTask.Train => TaskReply.Types.State.Train, ClientTask.Done => TaskReply.Types.State.Done, _ => TaskReply.Types.State.Wait },
            Round = task.Round,
            Rounds = coordinator.Options.Rounds,
            Model = coordinator.Options.Model,
            SecureAggregation = task.Secure is not null,
            QuantizationRange = task.QuantizationRange,
        };
        if (task.Rule is { } rule)
        {
            reply.MeanExamples = rule.MeanExamples;
            reply.MaxWeight = rule.MaxWeight;
            reply.ClientDp = rule.ClipNorm is not null;
            reply.ClipNorm = rule.ClipNorm ?? 0;
            reply.NoiseStddev = rule.ClientNoiseStd;
        }

        if (task.Weights is not null)
        {
            reply.GlobalWeights = ByteString.CopyFrom(MemoryMarshal.AsBytes(task.Weights.AsSpan()));
        }

        if (task.Secure is not null)
        {
            reply.SessionId = ByteString.CopyFrom(task.Secure.SessionId);
            reply.Participants.AddRange(task.Secure.Graph.Clients.Order());
            reply.SecaggDegree = coordinator.Options.SecAggDegree;
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
            coordinator.Submit(client, request.Round, copy, request.Weight, request.WithinClip);
            return true;
        });
        return Task.FromResult(new UpdateReply { Accepted = true });
    }

    public override Task<Ack> Advertise(AdvertiseRequest request, ServerCallContext context)
    {
        int client = Authenticate(request.ClientId, context);
        return Secure(client, request.Round, request.SessionId, r =>
        {
            r.Advertise(new KeyAdvertisement(client, request.ChannelKey.ToByteArray(), request.MaskKey.ToByteArray()));
            return new Ack();
        });
    }

    public override Task<AdvertisementsReply> GetAdvertisements(StepRequest request, ServerCallContext context)
    {
        int client = Authenticate(request.ClientId, context);
        return Poll(client, request, r =>
        {
            var reply = new AdvertisementsReply();
            if (r.Advertisements() is { } list)
            {
                reply.Ready = true;
                reply.Advertisements.AddRange(list.Select(SecureAggregationMessages.ToWire));
            }

            return reply;
        }, () => new AdvertisementsReply { Aborted = true });
    }

    public override Task<Ack> ShareKeys(ShareKeysRequest request, ServerCallContext context)
    {
        int client = Authenticate(request.ClientId, context);
        return Secure(client, request.Round, request.SessionId, r =>
        {
            r.ShareKeys(new ShareKeysMessage(client, request.Commitment.ToByteArray(), [.. request.Shares.Select(SecureAggregationMessages.FromWire)]));
            return new Ack();
        });
    }

    public override Task<SharesReply> GetShares(StepRequest request, ServerCallContext context)
    {
        int client = Authenticate(request.ClientId, context);
        return Poll(client, request, r =>
        {
            var reply = new SharesReply();
            if (r.SharesFor(client) is { } shares)
            {
                reply.Ready = true;
                reply.Shares.AddRange(shares.Select(SecureAggregationMessages.ToWire));
            }

            return reply;
        }, () => new SharesReply { Aborted = true });
    }

    public override Task<Ack> SubmitMasked(MaskedRequest request, ServerCallContext context)
    {
        int client = Authenticate(request.ClientId, context);
        return Secure(client, request.Round, request.SessionId, r =>
        {
            r.Masked(new MaskedInputMessage(client, SecureAggregationMessages.Words(request.Masked)));
            return new Ack();
        });
    }

    public override Task<UnmaskListReply> GetUnmaskList(StepRequest request, ServerCallContext context)
    {
        int client = Authenticate(request.ClientId, context);
        return Poll(client, request, r =>
        {
            var reply = new UnmaskListReply();
            if (r.UnmaskList() is { } list)
            {
                reply.Ready = true;
                reply.Survivors.AddRange(list.Survivors);
                reply.Dropped.AddRange(list.Dropped);
            }

            return reply;
        }, () => new UnmaskListReply { Aborted = true });
    }

    public override Task<Ack> Unmask(UnmaskSharesRequest request, ServerCallContext context)
    {
        int client = Authenticate(request.ClientId, context);
        return Secure(client, request.Round, request.SessionId, r =>
        {
            r.Unmask(new UnmaskMessage(client, SecureAggregationMessages.FromWire(request.SelfMaskShares), SecureAggregationMessages.FromWire(request.MaskKeyShares)));
            return new Ack();
        });
    }

    /// <summary>Runs a step of the open secure round; a message of an earlier session (the round restarted) is refused.</summary>
    private Task<T> Secure<T>(int client, int round, ByteString session, Func<SecureRound, T> step) =>
        Task.FromResult(Call(() => coordinator.Secure(client, round, r =>
        {
            if (!session.Span.SequenceEqual(r.SessionId))
            {
                throw new CoordinatorException($"client {client}'s message belongs to an earlier session of round {round}");
            }

            return step(r);
        })));

    /// <summary>Answers a poll; a poll from an earlier session, or after the round moved on, says the round was aborted.</summary>
    private Task<T> Poll<T>(int client, StepRequest request, Func<SecureRound, T> step, Func<T> aborted)
    {
        try
        {
            return Task.FromResult(coordinator.Secure(client, request.Round, r => request.SessionId.Span.SequenceEqual(r.SessionId) ? step(r) : aborted()));
        }
        catch (CoordinatorException) when (coordinator.CurrentRound != request.Round)
        {
            return Task.FromResult(aborted());
        }
        catch (CoordinatorException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
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
        catch (SecAggException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }
}
