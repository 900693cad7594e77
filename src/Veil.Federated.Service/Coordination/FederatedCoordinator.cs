using System.Diagnostics;
using Veil.Federated.Privacy;
using Veil.Federated.SecureAggregation;
using Veil.Federated.Training;
using Veil.Privacy.Sampling;
using Veil.Random;
using Veil.Nn.Zoo;

namespace Veil.Federated.Service.Coordination;

/// <summary>What a client should do now.</summary>
public enum ClientTask
{
    /// <summary>Not selected this round, or its update is in: ask again later.</summary>
    Wait,

    /// <summary>Train from the global weights and send the update for the current round.</summary>
    Train,

    /// <summary>Training is over.</summary>
    Done,
}

/// <summary>What the coordinator tells a client.</summary>
/// <param name="Task">What to do.</param>
/// <param name="Round">The open round.</param>
/// <param name="Weights">The global weights to train from (when training).</param>
/// <param name="Secure">The secure-aggregation round to join after training (null in the clear).</param>
/// <param name="QuantizationRange">The clamp of quantized coordinates under secure aggregation.</param>
/// <param name="Rule">How the client builds its contribution this round (its weight, or with DP the clip norm and its
/// noise share); null when not training.</param>
public sealed record CoordinatorTask(ClientTask Task, int Round, float[]? Weights, SecAggRound? Secure, double QuantizationRange, ContributionRule? Rule = null);

/// <summary>
/// The server side of networked FedAvg, independent of the transport: each round selects clients (a seeded function of
/// the round, so a restart selects the same ones; with client-level DP a Poisson sample at rate m/N from the OS CSPRNG,
/// stored so a restart keeps it), accepts each selected client's update once, and closes when all have arrived, or on
/// timeout once a minimum fraction has, adding the example-weighted mean (with DP: the noisy clipped mean over m) to
/// the global weights.
/// Every accepted update is in the <see cref="RoundStore"/> before it is acknowledged, so a coordinator restarted on
/// the same state file resumes the open round and loses nothing it accepted.
/// </summary>
/// <remarks>Thread-safety: safe for concurrent use (one lock around the state).</remarks>
public sealed class FederatedCoordinator : IDisposable
{
    private const string FingerprintKey = "federation";
    private const double ClipSlack = 1 + 1e-4;

    private readonly CoordinatorOptions _options;
    private readonly RoundStore _store;
    private readonly Lock _lock = new();
    private readonly ServerOptimizer _server = new(new FederatedStrategy());
    private readonly Stopwatch _roundClock = Stopwatch.StartNew();
    private readonly float[] _global;
    private HashSet<int> _selected = [];
    private readonly HashSet<int> _received = [];
    private readonly float[] _sum;
    private double _weight;
    private SecureRound? _secure;
    private readonly ClientLevelDp? _dp;

    /// <summary>Opens (or creates) the state at <paramref name="statePath"/> and resumes where it stopped.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="CoordinatorException">The state file belongs to another federation.</exception>
    public FederatedCoordinator(CoordinatorOptions options, string statePath)
    {
        _options = Guard.NotNull(options);
        options.Validate();
        _store = new RoundStore(statePath);
        string? stored = _store.GetMeta(FingerprintKey);
        if (stored is not null && stored != options.Fingerprint)
        {
            _store.Dispose();
            throw new CoordinatorException($"{statePath} holds the state of another federation ({stored}); use a new state file");
        }

        _store.SetMeta(FingerprintKey, options.Fingerprint);
        if (_store.LatestGlobal() is (int round, float[] weights))
        {
            CurrentRound = round;
            _global = weights;
        }
        else
        {
            CurrentRound = 1;
            _global = ModelVector.ReadNew(ModelZoo.Create(options.Model, options.Seed));
            _store.SaveGlobal(1, _global);
        }

        _sum = new float[_global.Length];
        if (options.Dp is not null)
        {
            _dp = new ClientLevelDp(options.Dp, options.Clients, options.EffectiveClientsPerRound);
            string? clip = _store.GetMeta(ClipKey(CurrentRound));
            _dp.Restore(Math.Min(CurrentRound, options.Rounds + 1) - 1, clip is null ? options.Dp.ClipNorm : double.Parse(clip, System.Globalization.CultureInfo.InvariantCulture));
        }

        OpenRound();
        foreach ((int client, double weight, float[] update) in _store.Updates(CurrentRound))
        {
            Accumulate(client, weight, update);
        }
    }

    /// <summary>The open round (Rounds + 1 when training is over).</summary>
    public int CurrentRound { get; private set; }

    /// <summary>True when every round has closed.</summary>
    public bool IsDone => CurrentRound > _options.Rounds;

    /// <summary>The federation.</summary>
    public CoordinatorOptions Options => _options;

    /// <summary>The number of parameters.</summary>
    public int Parameters => _global.Length;

    /// <summary>Updates accepted in the open round.</summary>
    public int AcceptedThisRound
    {
        get
        {
            lock (_lock)
            {
                return _received.Count;
            }
        }
    }

    /// <summary>ε at the DP options' δ after the rounds closed so far (Veil.Privacy's RDP accountant at q = m/N and the
    /// noise multiplier z); 0 without DP.</summary>
    public double Epsilon
    {
        get
        {
            lock (_lock)
            {
                return _dp?.Epsilon ?? 0;
            }
        }
    }

    /// <summary>The clipping norm C the clients of the open round clip to (null without DP).</summary>
    public double? ClipNorm
    {
        get
        {
            lock (_lock)
            {
                return _dp?.ClipNorm;
            }
        }
    }

    /// <summary>The clients selected in the open round.</summary>
    public IReadOnlyCollection<int> Selected
    {
        get
        {
            lock (_lock)
            {
                return [.. _selected.Order()];
            }
        }
    }

    /// <summary>The last secure round that closed (its graph and the clients in its sum), for diagnostics and tests.</summary>
    internal SecureRound? LastSecureRound { get; private set; }

    /// <summary>A copy of the current global weights.</summary>
    public float[] GlobalWeights()
    {
        lock (_lock)
        {
            return [.. _global];
        }
    }

    /// <summary>Closes a round (or a secure-aggregation step) whose timeout has passed, even while no client calls:
    /// the serving loop calls it periodically.</summary>
    public void Tick()
    {
        lock (_lock)
        {
            CloseOnTimeout();
            if (_secure is not null && !IsDone)
            {
                _secure.Progress();
                SettleSecureRound();
            }
        }
    }

    /// <summary>What <paramref name="client"/> should do, with the round and weights to train from.</summary>
    /// <exception cref="CoordinatorException">The client id is not registered.</exception>
    public CoordinatorTask GetTask(int client)
    {
        lock (_lock)
        {
            CheckClient(client);
            CloseOnTimeout();
            if (IsDone)
            {
                return new CoordinatorTask(ClientTask.Done, CurrentRound, null, null, 0);
            }

            bool train = _secure is null
                ? _selected.Contains(client) && !_received.Contains(client)
                : _selected.Contains(client) && _secure.Current == SecureRound.Step.Advertise && !_secure.HasAnswered(client);
            ContributionRule rule = Rule();
            return train
                ? new CoordinatorTask(ClientTask.Train, CurrentRound, [.. _global], _secure?.Round, rule.QuantizationRange(_options.QuantizationRange), rule)
                : new CoordinatorTask(ClientTask.Wait, CurrentRound, null, null, 0);
        }
    }

    /// <summary>Runs <paramref name="step"/> on the open secure round for <paramref name="client"/>, then closes the
    /// round if the sum is complete, or restarts it if it aborted.</summary>
    /// <exception cref="CoordinatorException">Not in secure mode, another round, a client not selected, or the message
    /// was refused.</exception>
    internal T Secure<T>(int client, int round, Func<SecureRound, T> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        lock (_lock)
        {
            CheckClient(client);
            Require(_secure is not null, "this federation does not use secure aggregation");
            Require(!IsDone && round == CurrentRound, $"client {client} sent a secure-aggregation message for round {round}, but round {CurrentRound} is open");
            Require(_selected.Contains(client), $"client {client} is not selected in round {round}");
            try
            {
                return step(_secure!);
            }
            finally
            {
                SettleSecureRound();
            }
        }
    }

    /// <summary>Accepts <paramref name="client"/>'s update for <paramref name="round"/>; it is stored before this returns.</summary>
    /// <param name="client">The sender.</param>
    /// <param name="round">The round it trained in.</param>
    /// <param name="update">Its weighted update; with DP, its update clipped to <see cref="ClipNorm"/>.</param>
    /// <param name="weight">Its example weight (1 with DP).</param>
    /// <param name="withinClip">With DP: the update was within C before clipping (the bit adaptive clipping counts).</param>
    /// <exception cref="CoordinatorException">The round is not open, the client was not selected or already sent its
    /// update, the length is wrong, a value is not finite, or with DP the weight is not 1 or the norm exceeds C;
    /// nothing is counted.</exception>
    public void Submit(int client, int round, ReadOnlySpan<float> update, double weight, bool withinClip = false)
    {
        lock (_lock)
        {
            CheckClient(client);
            Require(_secure is null, "this federation uses secure aggregation: updates go through its steps");
            Require(!IsDone, "training is over");
            Require(round == CurrentRound, $"client {client} sent an update for round {round}, but round {CurrentRound} is open");
            Require(_selected.Contains(client), $"client {client} is not selected in round {round}");
            Require(update.Length == _global.Length, $"client {client}'s update has {update.Length} values, not {_global.Length}");
            Require(double.IsFinite(weight) && weight > 0 && weight < 1e6, $"client {client}'s weight {weight} is not a positive number");
            double squares = 0;
            foreach (float v in update)
            {
                Require(float.IsFinite(v), $"client {client}'s update holds a value that is not finite");
                squares += (double)v * v;
            }

            if (_dp is not null)
            {
                // Under DP the weight column holds the unclipped bit: its sum is what adaptive clipping counts.
                Require(weight == 1, $"client {client}'s weight is {weight}; with client-level DP every update weighs 1");
                Require(Math.Sqrt(squares) <= (_dp.ClipNorm * ClipSlack) + 1e-6, $"client {client}'s update has norm {Math.Sqrt(squares):G4}, above the clip norm {_dp.ClipNorm:G4}");
                weight = withinClip ? 1 : 0;
            }

            Require(!_received.Contains(client) && _store.TryAddUpdate(round, client, weight, update), $"client {client} already sent its update for round {round}");
            Accumulate(client, weight, update.ToArray());
            if (_received.Count == _selected.Count)
            {
                CloseRound();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _store.Dispose();
        _dp?.Dispose();
    }

    private static string ClipKey(int round) => $"clip:{round}";

    private static string SelectionKey(int round) => $"selected:{round}";

    /// <summary>The open round's contribution rule.</summary>
    private ContributionRule Rule() => new()
    {
        MeanExamples = _options.EffectiveMeanExamples,
        MaxWeight = _options.SecureAggregation ? _options.MaxWeight : 1,
        ClipNorm = _dp?.ClipNorm,
        ClientNoiseStd = _dp?.ClientNoiseStd ?? 0,
    };

    private void Accumulate(int client, double weight, float[] update)
    {
        _received.Add(client);
        for (int i = 0; i < update.Length; i++)
        {
            _sum[i] += update[i];
        }

        _weight += weight;
    }

    /// <summary>Closes the secure round once its sum is complete, or starts it again with a new session if it aborted.</summary>
    private void SettleSecureRound()
    {
        if (_secure!.Current == SecureRound.Step.Finished)
        {
            CloseSecureRound(_secure);
        }
        else if (_secure.Current == SecureRound.Step.Aborted)
        {
            _secure = new SecureRound([.. _selected], _global.Length + 1, _options.SecAggDegree, _options.StepTimeout);
        }
    }

    /// <summary>This round's clients: seeded without DP; with DP each client joins with probability q = m/N drawn from
    /// the OS CSPRNG (the sample is secret, as the accountant's amplification assumes), stored so a restart keeps it.</summary>
    private HashSet<int> Select()
    {
        int m = _options.EffectiveClientsPerRound;
        if (_dp is null)
        {
            int[] all = [.. Enumerable.Range(0, _options.Clients)];
            new System.Random(unchecked((_options.Seed * 1_000_003) + CurrentRound)).Shuffle(all);
            return [.. all.Take(m)];
        }

        if (_store.GetMeta(SelectionKey(CurrentRound)) is string stored)
        {
            return [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
        }

        var drawn = new List<int>();
        new PoissonSampler((double)m / _options.Clients, new CryptoRandom()).Sample(_options.Clients, drawn);
        HashSet<int> sample = [.. drawn];
        _store.SetMeta(SelectionKey(CurrentRound), string.Join(',', sample.Order()));
        return sample;
    }

    private void CloseSecureRound(SecureRound secure)
    {
        var quantizer = new Quantizer(Rule().QuantizationRange(_options.QuantizationRange), secure.Participants.Length);
        float[] sum = new float[_global.Length + 1];
        quantizer.Dequantize(secure.Sum!, sum);
        float count = sum[^1];
        Require(_dp is not null || count > 0, "the secure sum holds no weight");
        for (int i = 0; i < _global.Length; i++)
        {
            _sum[i] = sum[i];
        }

        _weight = count;
        LastSecureRound = secure;
        CloseRound();
    }

    private void CloseOnTimeout()
    {
        if (_secure is not null)
        {
            return; // secure rounds close by their steps
        }

        int minimum = (int)Math.Ceiling(_options.MinimumFraction * _selected.Count);
        if (!IsDone && _roundClock.Elapsed >= _options.RoundTimeout && _received.Count >= Math.Max(1, minimum))
        {
            CloseRound();
        }
    }

    private void CloseRound()
    {
        ContributionRule.ToMean(_sum, _weight, _dp);
        Advance();
        OpenRound();
    }

    /// <summary>Applies the round's mean and stores the next round's start (and, with DP, its clip norm).</summary>
    private void Advance()
    {
        _server.Apply(_global, _sum);
        CurrentRound++;
        if (_dp is not null)
        {
            _store.SetMeta(ClipKey(CurrentRound), _dp.ClipNorm.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        _store.SaveGlobal(CurrentRound, _global);
    }

    /// <summary>Opens the current round. With DP a Poisson draw may leave a round without enough clients (none, or
    /// fewer than secure aggregation's 3): it closes at once with the noise alone, all of it from the coordinator.
    /// Conditioned on the other clients' draws a client's inclusion probability is then q or 0, never more, so the
    /// accountant's bound at q still holds.</summary>
    private void OpenRound()
    {
        while (true)
        {
            Array.Clear(_sum);
            _weight = 0;
            _received.Clear();
            _roundClock.Restart();
            _secure = null;
            if (IsDone)
            {
                _selected = [];
                return;
            }

            _selected = Select();
            if (_dp is null || _selected.Count >= (_options.SecureAggregation ? 3 : 1))
            {
                _secure = _options.SecureAggregation ? new SecureRound([.. _selected], _global.Length + 1, _options.SecAggDegree, _options.StepTimeout) : null;
                return;
            }

            _selected = [];
            _dp.AddTotalNoise(_sum);
            _dp.FinishRound(_sum, 0);
            Advance();
        }
    }

    private void CheckClient(int client) => Require(client >= 0 && client < _options.Clients, $"client {client} is not registered");

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new CoordinatorException(message);
        }
    }
}
