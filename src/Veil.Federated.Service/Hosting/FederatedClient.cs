using System.Net.Security;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Veil.Federated.SecureAggregation;
using Veil.Federated.Service.Protocol;
using Veil.Federated.Training;
using Veil.Nn.Data;
using Veil.Nn.Zoo;
using Veil.Privacy.Mechanisms;
using Veil.Security;

namespace Veil.Federated.Service.Hosting;

/// <summary>What a networked client did.</summary>
/// <param name="RoundsTrained">The rounds it trained in.</param>
/// <param name="BytesSent">The bytes of updates it uploaded.</param>
public sealed record ClientSummary(int RoundsTrained, long BytesSent);

/// <summary>
/// A data owner's process: polls the coordinator over gRPC with mutually authenticated TLS (its own certificate; the
/// server's pinned), trains on its own examples when selected, sends the weighted update, and stops when training is
/// over. A coordinator that is briefly unreachable (restarting) is retried; one unreachable for longer than the
/// patience is a <see cref="VeilException"/>.
/// </summary>
/// <remarks>Thread-safety: one run per instance.</remarks>
public sealed class FederatedClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Coordinator.CoordinatorClient _client;
    private readonly int _id;
    private GaussianNoise? _noise;

    /// <summary>Creates client <paramref name="id"/> for the coordinator at <paramref name="server"/>.</summary>
    /// <param name="server">The coordinator's https address.</param>
    /// <param name="serverPin">The SHA-256 pin of the coordinator's certificate; any other server is refused.</param>
    /// <param name="certificate">This client's certificate with its private key.</param>
    /// <param name="id">This client's id (registered with its certificate's pin).</param>
    public FederatedClient(Uri server, string serverPin, X509Certificate2 certificate, int id)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(serverPin);
        ArgumentNullException.ThrowIfNull(certificate);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [certificate],
                RemoteCertificateValidationCallback = (_, remote, _, _) =>
                    remote is not null && string.Equals(PinnedCertificates.Pin(remote), serverPin, StringComparison.OrdinalIgnoreCase),
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        _channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 256 << 20,
            MaxSendMessageSize = 256 << 20,
        });
        _client = new Coordinator.CoordinatorClient(_channel);
        _id = id;
    }

    private int _updatesSent;

    /// <summary>Updates the coordinator has acknowledged so far (readable from any thread while a run is in progress).</summary>
    public int UpdatesSent => Volatile.Read(ref _updatesSent);

    /// <summary>How long to wait between polls when not selected.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the coordinator may be unreachable before the run fails.</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Takes part until training is over.</summary>
    /// <param name="data">This client's own examples.</param>
    /// <param name="strategy">How to train locally.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="VeilException">The coordinator is unreachable for longer than the patience, refuses this
    /// client (unregistered certificate, wrong id), or refuses an update; or its certificate is not the pinned one.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public Task<ClientSummary> RunAsync(MnistDataset data, FederatedStrategy strategy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(strategy);
        LocalUpdate? local = null;
        void Train(string model, ReadOnlySpan<float> global, int round, Span<float> update, CancellationToken token)
        {
            local ??= new LocalUpdate(ModelZoo.Create(model, 1), strategy);
            local.Run(global, data, unchecked((_id * 7919) + round), update, token);
        }

        return RunAsync(Train, data.Count, cancellationToken);
    }

    /// <summary>Takes part until training is over, training with <paramref name="trainer"/> on
    /// <paramref name="examples"/> examples (the count weights the update; under secure aggregation only the sum of
    /// the counts reaches the coordinator).</summary>
    /// <param name="trainer">Computes this client's update each round.</param>
    /// <param name="examples">The number of examples this client trains on.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="VeilException">The coordinator is unreachable for longer than the patience, refuses this
    /// client (unregistered certificate, wrong id), or refuses an update; or its certificate is not the pinned one.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The example count is not positive.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<ClientSummary> RunAsync(LocalTrainer trainer, int examples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        Guard.Positive(examples);
        float[]? update = null;
        int trained = 0;
        long sent = 0;
        DateTime? unreachableSince = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TaskReply task;
            try
            {
                task = await _client.GetTaskAsync(new TaskRequest { ClientId = _id }, cancellationToken: cancellationToken).ConfigureAwait(false);
                unreachableSince = null;
            }
            catch (RpcException e) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("the run was cancelled", e, cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown && !IsRefusal(e))
            {
                unreachableSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - unreachableSince > Patience)
                {
                    throw new VeilException($"the coordinator has been unreachable for {Patience.TotalSeconds:F0} s: {e.Status.Detail}", e);
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (RpcException e)
            {
                throw new VeilException($"the coordinator refused client {_id}: {e.Status.Detail}", e);
            }

            if (task.State == TaskReply.Types.State.Done)
            {
                return new ClientSummary(trained, sent);
            }

            if (task.State == TaskReply.Types.State.Wait)
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                continue;
            }

            update ??= new float[ModelVector.Length(ModelZoo.Create(task.Model, 1))];
            ReadOnlySpan<float> global = MemoryMarshal.Cast<byte, float>(task.GlobalWeights.Span);
            if (global.Length != update.Length)
            {
                throw new VeilException($"the coordinator sent {global.Length} weights; model '{task.Model}' has {update.Length}");
            }

            trainer(task.Model, global, task.Round, update, cancellationToken);
            ContributionRule rule = RuleOf(task);
            float[] contribution = new float[update.Length + 1];
            if (task.SecureAggregation || task.ClientDp)
            {
                _noise ??= rule.ClientNoiseStd > 0 ? GaussianNoise.CreateSecure() : null;
                rule.Build(update, examples, contribution, _noise);
            }

            if (task.SecureAggregation)
            {
                if (await RunSecureRoundAsync(task, contribution, cancellationToken).ConfigureAwait(false))
                {
                    trained++;
                    sent += 4L * (update.Length + 1);
                    Interlocked.Increment(ref _updatesSent);
                }

                continue;
            }

            UpdateRequest request;
            if (task.ClientDp)
            {
                // The clipped update, weight 1, and whether it was within C.
                request = new UpdateRequest
                {
                    ClientId = _id, Round = task.Round, Weight = 1, WithinClip = contribution[^1] == 1,
                    Update = ByteString.CopyFrom(MemoryMarshal.AsBytes(contribution.AsSpan(0, update.Length))),
                };
            }
            else
            {
                for (int i = 0; i < update.Length; i++)
                {
                    update[i] *= examples; // FedAvg's weight: the coordinator divides the sum by the sum of counts
                }

                request = new UpdateRequest { ClientId = _id, Round = task.Round, Weight = examples, Update = ByteString.CopyFrom(MemoryMarshal.AsBytes(update.AsSpan())) };
            }

            try
            {
                await _client.SubmitUpdateAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
                trained++;
                sent += request.Update.Length;
                Interlocked.Increment(ref _updatesSent);
            }
            catch (RpcException e) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("the run was cancelled", e, cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable)
            {
                // The coordinator went away before acknowledging: ask again; a stored update is not asked for twice.
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                throw new VeilException($"the coordinator refused client {_id}'s update: {e.Status.Detail}", e);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _channel.Dispose();
        _noise?.Dispose();
    }

    /// <summary>The coordinator's rule for this round's contribution, checked.</summary>
    private static ContributionRule RuleOf(TaskReply task)
    {
        var rule = new ContributionRule
        {
            MeanExamples = task.SecureAggregation ? task.MeanExamples : 1,
            MaxWeight = task.SecureAggregation ? task.MaxWeight : 1,
            ClipNorm = task.ClientDp ? task.ClipNorm : null,
            ClientNoiseStd = task.NoiseStddev,
        };
        try
        {
            rule.Validate();
            Guard.IsTrue(!task.SecureAggregation || (task.QuantizationRange > 0 && double.IsFinite(task.QuantizationRange)), nameof(task), "the quantization range must be positive");
        }
        catch (ArgumentException e)
        {
            throw new VeilException($"the coordinator sent an invalid round: {e.Message}", e);
        }

        return rule;
    }

    /// <summary>Takes part in the round's secure aggregation with <paramref name="contribution"/> (the weighted update
    /// and its weight, or with DP the clipped noisy update and its bit). False when the round restarted meanwhile (the
    /// caller asks for work again).</summary>
    private async Task<bool> RunSecureRoundAsync(TaskReply task, float[] contribution, CancellationToken cancellationToken)
    {
        byte[] sessionId = task.SessionId.ToByteArray();
        var round = new SecAggRound(sessionId, SecAggGraph.For([.. task.Participants], task.SecaggDegree, SecAggGraph.SeedOf(sessionId)), contribution.Length);
        var quantizer = new Quantizer(task.QuantizationRange, task.Participants.Count);
        uint[] quantized = new uint[contribution.Length];
        quantizer.Quantize(contribution, quantized);
        ByteString session = task.SessionId;
        var step = new StepRequest { ClientId = _id, Round = task.Round, SessionId = session };
        using var client = new SecAggClient(_id, round);
        try
        {
            KeyAdvertisement mine = client.Advertise();
            await _client.AdvertiseAsync(new AdvertiseRequest
            {
                ClientId = _id, Round = task.Round, SessionId = session,
                ChannelKey = ByteString.CopyFrom(mine.ChannelKey), MaskKey = ByteString.CopyFrom(mine.MaskKey),
            }, cancellationToken: cancellationToken).ConfigureAwait(false);

            AdvertisementsReply keys = await PollAsync(() => _client.GetAdvertisementsAsync(step, cancellationToken: cancellationToken).ResponseAsync, r => r.Ready || r.Aborted, cancellationToken).ConfigureAwait(false);
            if (keys.Aborted)
            {
                return false;
            }

            ShareKeysMessage shares = client.ShareKeys([.. keys.Advertisements.Select(SecureAggregationMessages.FromWire)]);
            var shareRequest = new ShareKeysRequest { ClientId = _id, Round = task.Round, SessionId = session, Commitment = ByteString.CopyFrom(shares.SelfMaskCommitment) };
            shareRequest.Shares.AddRange(shares.Shares.Select(SecureAggregationMessages.ToWire));
            await _client.ShareKeysAsync(shareRequest, cancellationToken: cancellationToken).ConfigureAwait(false);

            SharesReply mine2 = await PollAsync(() => _client.GetSharesAsync(step, cancellationToken: cancellationToken).ResponseAsync, r => r.Ready || r.Aborted, cancellationToken).ConfigureAwait(false);
            if (mine2.Aborted)
            {
                return false;
            }

            MaskedInputMessage masked = client.MaskInput([.. mine2.Shares.Select(SecureAggregationMessages.FromWire)], quantized);
            await _client.SubmitMaskedAsync(new MaskedRequest
            {
                ClientId = _id, Round = task.Round, SessionId = session, Masked = SecureAggregationMessages.Bytes(masked.Masked),
            }, cancellationToken: cancellationToken).ConfigureAwait(false);

            UnmaskListReply list = await PollAsync(() => _client.GetUnmaskListAsync(step, cancellationToken: cancellationToken).ResponseAsync, r => r.Ready || r.Aborted, cancellationToken).ConfigureAwait(false);
            if (list.Aborted)
            {
                return false;
            }

            UnmaskMessage answer = client.Unmask(new UnmaskRequest([.. list.Survivors], [.. list.Dropped]));
            var unmask = new UnmaskSharesRequest { ClientId = _id, Round = task.Round, SessionId = session };
            unmask.SelfMaskShares.AddRange(SecureAggregationMessages.ToWire(answer.SelfMaskShares));
            unmask.MaskKeyShares.AddRange(SecureAggregationMessages.ToWire(answer.MaskKeyShares));
            await _client.UnmaskAsync(unmask, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RpcException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the run was cancelled", e, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && e.Status.Detail.Contains("earlier session", StringComparison.Ordinal))
        {
            return false;
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Unavailable)
        {
            throw new VeilException($"the coordinator refused client {_id}'s secure-aggregation message: {e.Status.Detail}", e);
        }
        catch (SecAggException e)
        {
            throw new VeilException($"client {_id} refused a secure-aggregation message: {e.Message}", e);
        }
    }

    private async Task<T> PollAsync<T>(Func<Task<T>> call, Func<T, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            T reply = await call().ConfigureAwait(false);
            if (done(reply))
            {
                return reply;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRefusal(RpcException e) =>
        e.Status.DebugException?.ToString().Contains("RemoteCertificate", StringComparison.Ordinal) == true;
}
