using System.Diagnostics;
using System.Security.Cryptography;
using Veil.Federated.Partitioning;
using Veil.Federated.Privacy;
using Veil.Federated.SecureAggregation;
using Veil.Federated.Training;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Zoo;
using Veil.Privacy.Mechanisms;

namespace Veil.Federated.Simulation;

/// <summary>
/// Runs a federation in one process: the training images split among N clients, and each round a sample of them
/// training locally from the global model, their updates combined (in the clear, or by secure aggregation with the
/// dropouts asked for), client-level DP applied when asked, and the server's optimizer stepping the global model.
/// </summary>
/// <remarks>
/// Weighting: in the clear and under secure aggregation without DP, each update is weighted by the client's example
/// count (FedAvg); under secure aggregation the weight travels as one extra coordinate of the masked vector. With DP,
/// updates are clipped and weighted equally, and the noisy sum is divided by the expected number of clients
/// (DP-FedAvg's fixed denominator).
/// Thread-safety: not safe for concurrent use; one simulation per instance.
/// </remarks>
public sealed class FederatedSimulation
{
    private readonly SimulationOptions _options;
    private readonly MnistDataset _train, _test;

    /// <summary>Creates the simulation over <paramref name="train"/> (split among the clients) and
    /// <paramref name="test"/> (for the global model's accuracy).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="ArgumentException">A combination is invalid, or the model is not in the zoo.</exception>
    public FederatedSimulation(SimulationOptions options, MnistDataset train, MnistDataset test)
    {
        _options = Guard.NotNull(options);
        options.Validate();
        _train = Guard.NotNull(train);
        _test = Guard.NotNull(test);
        Guard.IsTrue(ModelZoo.TryGet(options.Model, out _), nameof(options), $"'{options.Model}' is not a zoo model");
    }

    /// <summary>Runs every round.</summary>
    /// <param name="progress">Receives each round's report.</param>
    /// <param name="cancellationToken">Stops between clients.</param>
    /// <exception cref="SecAggException">Secure aggregation could not finish a round (too many dropouts).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public SimulationResult Run(IProgress<RoundReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        SimulationOptions o = _options;
        int[][] shards = o.NonIidAlpha is double alpha
            ? ClientPartitioner.Dirichlet(_train.Labels, o.Clients, alpha, o.Seed)
            : ClientPartitioner.Iid(_train.Count, o.Clients, o.Seed);
        MnistDataset[] data = [.. shards.Select(_train.Subset)];
        Sequential global = ModelZoo.Create(o.Model, o.Seed);
        Sequential worker = ModelZoo.Create(o.Model, o.Seed);
        int d = ModelVector.Length(global);
        float[] weights = ModelVector.ReadNew(global);
        var local = new LocalUpdate(worker, o.Strategy);
        var server = new ServerOptimizer(o.Strategy);
        int m = o.EffectiveClientsPerRound;
        using ClientLevelDp? dp = o.Dp is null ? null : new ClientLevelDp(o.Dp, o.Clients, m);
        using GaussianNoise clientNoise = GaussianNoise.CreateSecure();
        double meanShard = (double)_train.Count / o.Clients;
        double maxWeight = MaxWeight(shards, meanShard);
        double quantizationError = 0;
        var sampler = new System.Random(unchecked(o.Seed * 31 + 7));
        var reports = new List<RoundReport>();
        double uploadSum = 0;
        int uploadRounds = 0;
        float[] update = new float[d];
        for (int round = 1; round <= o.Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            int[] sampled = Sample(sampler, o.Clients, m, poisson: dp is not null);
            int dropCount = (int)Math.Floor(o.Dropout * sampled.Length);
            var dropped = new HashSet<int>(sampled.OrderBy(_ => sampler.Next()).Take(dropCount));
            double clipNorm = dp?.ClipNorm ?? 0;
            var rule = new ContributionRule { MeanExamples = meanShard, MaxWeight = maxWeight, ClipNorm = dp?.ClipNorm, ClientNoiseStd = dp?.ClientNoiseStd ?? 0 };
            var contributions = new Dictionary<int, float[]>();
            foreach (int client in sampled)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (dropped.Contains(client))
                {
                    continue; // it never sends an update (under SecAgg it vanishes after sending its shares)
                }

                local.Run(weights, data[client], unchecked((o.Seed * 1_000_003) + (round * 7919) + client), update, cancellationToken);
                float[] contribution = new float[d + 1];
                rule.Build(update, data[client].Count, contribution, clientNoise);
                contributions[client] = contribution;
            }

            Quantizer? quantizer = null;
            if (o.SecureAggregation)
            {
                quantizer = new Quantizer(rule.QuantizationRange(o.SecAggRange), Math.Max(3, sampled.Length));
                quantizationError = quantizer.MaxErrorPerValue * sampled.Length;
            }

            (float[] sum, int participants, double secAggSeconds, double upload) = quantizer is not null
                ? SecureSum(contributions, sampled, dropped, quantizer, round, d + 1)
                : (PlainSum(contributions, d + 1), contributions.Count, 0.0, 4.0 * d);
            uploadSum += upload;
            uploadRounds++;
            Span<float> mean = sum.AsSpan(0, d);
            if (dp is not null || participants > 0)
            {
                ContributionRule.ToMean(mean, sum[d], dp);
            }

            if (participants > 0 || dp is not null)
            {
                server.Apply(weights, mean);
            }

            double seconds = clock.Elapsed.TotalSeconds;
            double accuracy = double.NaN;
            if (round % o.EvaluateEvery == 0 || round == o.Rounds)
            {
                ModelVector.Write(weights, global);
                accuracy = BackendEvaluator.Evaluate(new PlainBackend(), global, _test, o.TestLimit, cancellationToken: cancellationToken).Accuracy;
            }

            var report = new RoundReport(round, participants, sampled.Length - participants, accuracy, seconds, secAggSeconds, dp?.Epsilon ?? 0, clipNorm);
            reports.Add(report);
            progress?.Report(report);
        }

        return new SimulationResult(
            o, reports, reports[^1].TestAccuracy, d, 4L * d, uploadSum / Math.Max(1, uploadRounds), dp?.Epsilon ?? 0,
            quantizationError, total.Elapsed.TotalSeconds, weights);
    }

    private static double MaxWeight(int[][] shards, double meanShard) => shards.Max(s => s.Length) / meanShard;

    private static int[] Sample(System.Random random, int population, int count, bool poisson)
    {
        if (count >= population)
        {
            return [.. Enumerable.Range(0, population)];
        }

        if (poisson)
        {
            double rate = (double)count / population;
            return [.. Enumerable.Range(0, population).Where(_ => random.NextDouble() < rate)];
        }

        int[] all = [.. Enumerable.Range(0, population)];
        random.Shuffle(all);
        return [.. all.Take(count).Order()];
    }

    private static float[] PlainSum(Dictionary<int, float[]> contributions, int length)
    {
        float[] sum = new float[length];
        foreach (float[] c in contributions.Values)
        {
            for (int i = 0; i < length; i++)
            {
                sum[i] += c[i];
            }
        }

        return sum;
    }

    private (float[] Sum, int Participants, double ServerSeconds, double Upload) SecureSum(
        Dictionary<int, float[]> contributions, int[] sampled, HashSet<int> dropped, Quantizer quantizer, int round, int length)
    {
        if (sampled.Length < 3)
        {
            throw new SecAggException($"round {round} sampled {sampled.Length} clients; secure aggregation needs at least 3");
        }

        SecAggGraph graph = SecAggGraph.For(sampled, _options.SecAggDegree, unchecked((_options.Seed * 17) + round));
        var secAggRound = new SecAggRound(RandomNumberGenerator.GetBytes(16), graph, length);
        var inputs = new Dictionary<int, uint[]>();
        foreach (int client in sampled)
        {
            uint[] q = new uint[length];
            if (contributions.TryGetValue(client, out float[]? c))
            {
                quantizer.Quantize(c, q);
            }

            inputs[client] = q;
        }

        var dropouts = new SecAggDropouts(new HashSet<int>(), new HashSet<int>(), dropped, new HashSet<int>());
        SecAggOutcome outcome = InProcessSecAgg.Run(secAggRound, inputs, dropouts);
        float[] sum = new float[length];
        quantizer.Dequantize(outcome.Sum, sum);
        return (sum, outcome.Included.Count, outcome.ServerUnmasking.TotalSeconds, outcome.UploadBytesPerClient);
    }
}
