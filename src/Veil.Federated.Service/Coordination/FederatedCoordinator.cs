using System.Diagnostics;
using Veil.Federated.SecureAggregation;
using Veil.Federated.Training;
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
public sealed record CoordinatorTask(ClientTask Task, int Round, float[]? Weights, SecAggRound? Secure, double QuantizationRange);

/// <summary>
/// The server side of networked FedAvg, independent of the transport: each round selects clients (a seeded function of
/// the round, so a restart selects the same ones), accepts each selected client's update once, and closes when all
/// have arrived, or on timeout once a minimum fraction has, adding the example-weighted mean to the global weights.
/// Every accepted update is in the <see cref="RoundStore"/> before it is acknowledged, so a coordinator restarted on
/// the same state file resumes the open round and loses nothing it accepted.
/// </summary>
/// <remarks>Thread-safety: safe for concurrent use (one lock around the state).</remarks>
public sealed class FederatedCoordinator : IDisposable
{
    private const string FingerprintKey = "federation";

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
            return train
                ? new CoordinatorTask(ClientTask.Train, CurrentRound, [.. _global], _secure?.Round, _options.QuantizationRange)
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
    /// <exception cref="CoordinatorException">The round is not open, the client was not selected or already sent its
    /// update, the length is wrong, or a value is not finite; nothing is counted.</exception>
    public void Submit(int client, int round, ReadOnlySpan<float> update, double weight)
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
            foreach (float v in update)
            {
                Require(float.IsFinite(v), $"client {client}'s update holds a value that is not finite");
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
    public void Dispose() => _store.Dispose();

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

    private void CloseSecureRound(SecureRound secure)
    {
        var quantizer = new Quantizer(_options.QuantizationRange, secure.Participants.Length);
        float[] sum = new float[_global.Length + 1];
        quantizer.Dequantize(secure.Sum!, sum);
        float count = sum[^1];
        Require(count >= 0.5f, "the secure sum holds no update");
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
        float inverse = (float)(1 / _weight);
        for (int i = 0; i < _sum.Length; i++)
        {
            _sum[i] *= inverse;
        }

        _server.Apply(_global, _sum);
        CurrentRound++;
        _store.SaveGlobal(CurrentRound, _global);
        OpenRound();
    }

    private void OpenRound()
    {
        Array.Clear(_sum);
        _weight = 0;
        _received.Clear();
        int m = _options.EffectiveClientsPerRound;
        int[] all = [.. Enumerable.Range(0, _options.Clients)];
        new System.Random(unchecked((_options.Seed * 1_000_003) + CurrentRound)).Shuffle(all);
        _selected = [.. all.Take(m)];
        _roundClock.Restart();
        _secure = _options.SecureAggregation && !IsDone ? new SecureRound([.. _selected], _global.Length + 1, _options.SecAggDegree, _options.StepTimeout) : null;
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
