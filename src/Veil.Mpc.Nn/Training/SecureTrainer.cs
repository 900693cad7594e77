using System.Diagnostics;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// Trains a <see cref="SecureNetwork"/> on examples split horizontally among the parties: for each batch of the public
/// <see cref="TrainingSchedule"/>, every owner secret-shares its rows of the batch (inputs and one-hot targets, no
/// communication), then the parties run the forward pass, δ = y − t (<see cref="SecureMseLoss"/>), the backward pass and
/// one <see cref="SecureSgd"/> step. Nothing is opened: no loss, no prediction, no gradient. The protocols are
/// data-oblivious, so every step of a batch size that ran before makes the same dealer requests: the trainer asks for
/// them one step ahead (<see cref="IPrefetchingTripleSource.RequestAhead"/>), and the dealer computes the next step's
/// correlations while the parties compute the current one.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
public sealed class SecureTrainer
{
    private readonly SecureNetwork _network;
    private readonly HorizontalSplit _split;
    private readonly OwnerExamples _local;
    private readonly Dictionary<int, List<CorrelationRequest>> _requests = [];

    /// <summary>Creates a trainer; <paramref name="local"/> are this party's examples (its part of the split).</summary>
    /// <exception cref="ArgumentException">The split has another number of owners than the parties, this party's examples do not match its part, or the options are invalid.</exception>
    public SecureTrainer(SecureNetwork network, SecureTrainingOptions options, HorizontalSplit split, OwnerExamples local)
    {
        _network = Guard.NotNull(network);
        Options = Guard.NotNull(options);
        _split = Guard.NotNull(split);
        _local = Guard.NotNull(local);
        options.Validate();
        MpcContext context = network.Context;
        Guard.IsTrue(split.Owners == context.PartyCount, nameof(split), $"names {split.Owners} owners; the session has {context.PartyCount} parties");
        Guard.IsTrue(local.Count == split.Counts[context.PartyId], nameof(local), $"holds {local.Count} examples; party {context.PartyId} owns {split.Counts[context.PartyId]}");
        Guard.IsTrue(local.InputSize == network.InputShape.ElementCount, nameof(local), $"holds inputs of {local.InputSize} values; the model takes {network.InputShape.ElementCount}");
        Schedule = new TrainingSchedule(options.Limit > 0 ? Math.Min(options.Limit, split.Total) : split.Total, options.BatchSize, options.Seed);
    }

    /// <summary>The recipe.</summary>
    public SecureTrainingOptions Options { get; }

    /// <summary>The public order of the run.</summary>
    public TrainingSchedule Schedule { get; }

    private IPrefetchingTripleSource? Prefetching => _network.Context.Triples as IPrefetchingTripleSource;

    /// <summary>
    /// Runs every epoch, calling <paramref name="progress"/> after each step and <paramref name="epochEnd"/> (with the
    /// epoch) after each epoch.
    /// </summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (between steps; the peers then fail at their receive).</exception>
    public void Train(Action<SecureBatchProgress>? progress = null, Action<int>? epochEnd = null, CancellationToken cancellationToken = default)
    {
        MpcContext context = _network.Context;
        LearningRateScale step = Options.StepSize;
        int batches = Schedule.BatchesPerEpoch;
        bool requested = false;
        for (int epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            int[] order = Schedule.Order(epoch);
            for (int b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<int> batch = Schedule.Batch(order, b);
                OperationStats before = context.Stats.Total;
                var clock = Stopwatch.StartNew();
                bool ahead = requested || RequestAhead(batch.Length);
                int? next = b + 1 < batches ? SizeOf(b + 1) : epoch < Options.Epochs ? SizeOf(0) : null;
                requested = ahead && next is { } size && RequestAhead(size);
                int first = Prefetching?.RecordedRequests.Count ?? 0;
                Step(batch, step);
                if (!ahead && Prefetching is { } source)
                {
                    _requests[batch.Length] = source.RecordedRequests.Skip(first).ToList();
                }

                OperationStats cost = context.Stats.Total.Minus(before);
                progress?.Invoke(new SecureBatchProgress(epoch, Options.Epochs, b + 1, batches, batch.Length,
                    clock.Elapsed.TotalSeconds, ahead, cost.BytesSent + cost.DealerBytesSent + cost.DealerBytesReceived, cost.Rounds));
            }

            epochEnd?.Invoke(epoch);
        }
    }

    /// <summary>One SGD step on the examples with global indices <paramref name="batch"/>.</summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public void Step(ReadOnlySpan<int> batch, LearningRateScale stepSize)
    {
        var (inputs, targets) = ShareBatch(batch);
        SharedTensor outputs = _network.Forward(inputs);
        _network.Backward(SecureMseLoss.Gradient(outputs, targets));
        SecureSgd.Step(_network.Parameters, stepSize);
    }

    /// <summary>
    /// Secret-shares a batch: each owner shares its rows (in batch order) of inputs [k, ...] and one-hot targets
    /// [k, classes] at the format, with no communication; the parts are stacked owner by owner.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is not an example of the split.</exception>
    public (SharedTensor Inputs, SharedTensor Targets) ShareBatch(ReadOnlySpan<int> batch)
    {
        MpcContext context = _network.Context;
        int size = _local.InputSize, classes = _network.Classes;
        var inputs = new List<SharedTensor>();
        var targets = new List<SharedTensor>();
        for (int owner = 0; owner < _split.Owners; owner++)
        {
            var rows = new List<int>();
            foreach (int index in batch)
            {
                if (_split.OwnerOf(index) == owner)
                {
                    rows.Add(index - _split.Start(owner));
                }
            }

            if (rows.Count == 0)
            {
                continue;
            }

            double[] x = [], t = [];
            if (context.PartyId == owner)
            {
                x = new double[rows.Count * size];
                t = new double[rows.Count * classes];
                for (int r = 0; r < rows.Count; r++)
                {
                    ReadOnlySpan<float> row = _local.Inputs.AsSpan(rows[r] * size, size);
                    for (int i = 0; i < size; i++)
                    {
                        x[(r * size) + i] = row[i];
                    }

                    int label = _local.Labels[rows[r]];
                    Guard.IsTrue((uint)label < (uint)classes, nameof(batch), $"example {rows[r]} of party {owner} has label {label}; the model has {classes} classes");
                    t[(r * classes) + label] = 1;
                }
            }

            inputs.Add(SharedTensor.Share(context, owner, x, new TensorShape([rows.Count, .. _network.InputShape.Dimensions])));
            targets.Add(SharedTensor.Share(context, owner, t, new TensorShape(rows.Count, classes)));
        }

        return (SharedLayout.ConcatRows(inputs), SharedLayout.ConcatRows(targets));
    }

    /// <summary>Asks the dealer ahead for a step of <paramref name="batch"/> examples if one ran before (false otherwise).</summary>
    private bool RequestAhead(int batch)
    {
        if (Prefetching is not { } source || !_requests.TryGetValue(batch, out var requests))
        {
            return false;
        }

        source.RequestAhead(requests);
        return true;
    }

    private int SizeOf(int batch) => Math.Min(Schedule.BatchSize, Schedule.Examples - (batch * Schedule.BatchSize));
}
