using System.Diagnostics;
using System.Text.Json.Nodes;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Nn;

/// <summary>
/// Runs a shared model over a data owner's inputs batch by batch, prefetching each batch's preprocessing when a batch
/// of the same size ran before (the protocols are data-oblivious, so the same shapes make the same requests), and
/// measures time, rounds and bytes for the reports of <see cref="SecureInferenceJob"/>.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
internal sealed class BatchRunner(MpcContext context, SecureModel model, int dataOwner, int inputSize)
{
    private readonly Dictionary<int, List<CorrelationRequest>> _requests = [];

    private IPrefetchingTripleSource? Prefetching => context.Triples as IPrefetchingTripleSource;

    /// <summary>Classifies every input in batches of <paramref name="batch"/>; the data owner's report gets the predictions.</summary>
    public void Evaluate(float[] inputs, int count, int batch, JsonObject report)
    {
        var predictions = new JsonArray();
        double online = 0, preprocessing = 0;
        OperationStats onlineCost = Empty, before = context.Stats.Total;
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            ReadOnlySpan<float> slice = context.PartyId == dataOwner ? inputs.AsSpan(start * inputSize, n * inputSize) : [];
            var step = Stopwatch.StartNew();
            bool prefetched = Prefetch(n);
            preprocessing += step.Elapsed.TotalSeconds;
            OperationStats ready = context.Stats.Total;
            step.Restart();
            int[]? classes = Run(slice, n, record: !prefetched);
            online += step.Elapsed.TotalSeconds;
            onlineCost = onlineCost.Plus(context.Stats.Total.Minus(ready));
            foreach (int c in classes ?? [])
            {
                predictions.Add(c);
            }
        }

        OperationStats total = context.Stats.Total.Minus(before);
        report["seconds"] = clock.Elapsed.TotalSeconds;
        report["online_seconds"] = online;
        report["preprocessing_seconds"] = preprocessing;
        report["rounds"] = total.Rounds;
        report["bytes"] = SecureInferenceJob.Traffic(total);
        report["online_bytes"] = onlineCost.BytesSent;
        if (context.PartyId == dataOwner)
        {
            report["predictions"] = predictions;
        }
    }

    /// <summary>
    /// Serves batches until the data owner says none follows: for each, the data owner announces its size (public, at
    /// most <paramref name="maxBatch"/>; 0 ends the session), every party runs it, and the data owner hands the classes
    /// and the batch's cost back through <paramref name="requests"/> (null on the other parties).
    /// </summary>
    /// <exception cref="MpcProtocolException">A peer failed or announced an impossible batch size.</exception>
    public void Serve(SecureInferenceQueue? requests, int maxBatch, JsonObject report)
    {
        bool owner = context.PartyId == dataOwner;
        Guard.IsTrue(!owner || requests is not null, nameof(requests), "must be given on the data owner");
        OperationStats before = context.Stats.Total;
        var clock = Stopwatch.StartNew();
        int batches = 0, images = 0;
        while (true)
        {
            SecureInferenceQueue.Request? request = owner ? requests!.Next() : null;
            OperationStats start = context.Stats.Total;
            var watch = Stopwatch.StartNew();
            int n;
            int[]? classes;
            double preprocessing;
            try
            {
                n = AnnounceBatch(request?.Count ?? 0, maxBatch);
                if (n == 0)
                {
                    break;
                }

                bool prefetched = Prefetch(n);
                preprocessing = prefetched ? watch.Elapsed.TotalSeconds : 0;
                classes = Run(owner ? request!.Inputs.AsSpan(0, n * inputSize) : [], n, record: !prefetched);
            }
            catch (Exception error) when (request is not null)
            {
                requests!.Fail(error);
                throw;
            }

            OperationStats cost = context.Stats.Total.Minus(start);
            if (request is not null)
            {
                requests!.Answer(request, new SecureBatchResult(classes!, cost.TotalBytes, cost.Rounds, watch.Elapsed.TotalSeconds, preprocessing));
            }

            batches++;
            images += n;
        }

        OperationStats total = context.Stats.Total.Minus(before);
        report["seconds"] = clock.Elapsed.TotalSeconds;
        report["batches"] = batches;
        report["images"] = images;
        report["rounds"] = total.Rounds;
        report["bytes"] = SecureInferenceJob.Traffic(total);
    }

    /// <summary>
    /// Times one batch of all inputs <paramref name="repeat"/> times after a warm-up: on demand (online and
    /// preprocessing together), the prefetch alone, and the online phase alone; reports medians per batch.
    /// </summary>
    public void Benchmark(float[] inputs, int count, int repeat, JsonObject report)
    {
        // The first pass makes one-time preprocessing too (e.g. a dealer-free source's encrypted weight masks).
        OperationStats firstStart = context.Stats.Total;
        var firstClock = Stopwatch.StartNew();
        int[]? classes = Run(inputs, count, record: true);
        report["first_pass_seconds"] = firstClock.Elapsed.TotalSeconds;
        report["first_pass_bytes"] = SecureInferenceJob.Traffic(context.Stats.Total.Minus(firstStart));
        List<CorrelationRequest> requests = _requests[count];
        var onDemand = new List<double>();
        var preprocessing = new List<double>();
        var online = new List<double>();
        var total = new List<double>();
        OperationStats onlineCost = Empty, preprocessingCost = Empty;
        var operations = new Dictionary<string, OperationStats>(StringComparer.Ordinal);
        for (int i = 0; i < repeat; i++)
        {
            Synchronize();
            var clock = Stopwatch.StartNew();
            Run(inputs, count, record: false);
            onDemand.Add(clock.Elapsed.TotalSeconds);

            // Preprocessing ends when every party has its correlations: the prefetch, then a barrier.
            Synchronize();
            OperationStats before = context.Stats.Total;
            clock.Restart();
            Prefetching?.Prefetch(requests);
            Synchronize();
            preprocessing.Add(clock.Elapsed.TotalSeconds);
            preprocessingCost = context.Stats.Total.Minus(before);

            before = context.Stats.Total;
            var operationsBefore = context.Stats.Operations.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
            clock.Restart();
            Run(inputs, count, record: false);
            online.Add(clock.Elapsed.TotalSeconds);
            total.Add(preprocessing[^1] + online[^1]);
            onlineCost = context.Stats.Total.Minus(before);
            foreach (var (name, stats) in context.Stats.Operations)
            {
                OperationStats delta = operationsBefore.TryGetValue(name, out var earlier) ? stats.Minus(earlier) : stats;
                operations[name] = operations.TryGetValue(name, out var sum) ? sum.Plus(delta) : delta;
            }
        }

        report["batch"] = count;
        report["repeat"] = repeat;
        report["latency_total_seconds"] = Median(total);
        report["latency_online_seconds"] = Median(online);
        report["latency_on_demand_seconds"] = Median(onDemand);
        report["preprocessing_seconds"] = Median(preprocessing);
        report["rounds"] = onlineCost.Rounds;
        report["bytes"] = SecureInferenceJob.Traffic(onlineCost.Plus(preprocessingCost));
        report["online_bytes"] = onlineCost.BytesSent;
        report["dealer_requests"] = requests.Count;
        report["operations"] = Breakdown(operations, repeat);
        if (context.PartyId == dataOwner)
        {
            report["predictions"] = new JsonArray([.. classes!.Select(c => (JsonNode)c)]);
        }
    }

    /// <summary>Per protocol of the online phase: seconds (mean per run), rounds and bytes sent per run.</summary>
    private static JsonObject Breakdown(Dictionary<string, OperationStats> operations, int repeat)
    {
        var result = new JsonObject();
        foreach (var (name, stats) in operations.Where(o => o.Value.Calls > 0).OrderByDescending(o => o.Value.Elapsed))
        {
            result[name] = new JsonObject
            {
                ["seconds"] = stats.Elapsed.TotalSeconds / repeat,
                ["rounds"] = stats.Rounds / repeat,
                ["bytes_sent"] = stats.BytesSent / repeat,
            };
        }

        return result;
    }

    private static OperationStats Empty => new("batch", 0, 0, 0, 0, 0, 0, TimeSpan.Zero);

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private bool Prefetch(int batch)
    {
        if (Prefetching is not { } source || !_requests.TryGetValue(batch, out var requests))
        {
            return false;
        }

        source.Prefetch(requests);
        return true;
    }

    private int[]? Run(ReadOnlySpan<float> inputs, int batch, bool record)
    {
        int first = Prefetching?.RecordedRequests.Count ?? 0;
        SharedTensor shared = model.ShareInput(dataOwner, inputs, batch);
        int[]? classes = model.PredictFor(shared, dataOwner);
        if (record && Prefetching is { } source)
        {
            _requests[batch] = source.RecordedRequests.Skip(first).ToList();
        }

        return classes;
    }

    /// <summary>The data owner shares the size of the next batch and every party opens it: one round.</summary>
    private int AnnounceBatch(int count, int maxBatch)
    {
        double[] value = context.PartyId == dataOwner ? [count] : [];
        double opened = SharedTensor.Share(context, dataOwner, value, new TensorShape(1)).Reveal()[0];
        int n = (int)Math.Round(opened);
        if (n < 0 || n > maxBatch || Math.Abs(opened - n) > 0.25)
        {
            throw new MpcProtocolException($"the data owner announced a batch of {opened} inputs; the session takes 0 to {maxBatch}.");
        }

        return n;
    }

    /// <summary>One opening of a public zero: every party leaves it together, so timings start aligned.</summary>
    private void Synchronize() => SharedTensor.Public(context, [0.0], new TensorShape(1)).RevealEncoded();
}
