using Veil.Privacy.Accounting;
using Veil.Privacy.Mechanisms;

namespace Veil.Federated.Privacy;

/// <summary>
/// The DP-FedAvg steps of one federation: clipping a client's update, the noise each party adds, the noisy mean, the
/// adaptive update of C, and the privacy spent so far (Veil.Privacy's RDP accountant over rounds of Poisson-sampled
/// clients at rate q = m/N).
/// </summary>
/// <remarks>
/// With adaptive clipping the noise multiplier z is split between the update (z_Δ) and the clipped-count query
/// (deviation σ_b), z_Δ = (z^-2 − (2σ_b)^-2)^(-1/2), so the pair costs what one query of multiplier z does (Andrew et
/// al. 2021, Theorem 1). Noise comes from <see cref="GaussianNoise"/> over the OS CSPRNG.
/// Thread-safety: holds the clipping norm and the accountant; not safe for concurrent use.
/// </remarks>
public sealed class ClientLevelDp : IDisposable
{
    private readonly ClientDpOptions _options;
    private readonly GaussianNoise _noise;
    private readonly RdpAccountant _accountant = new();

    /// <summary>Creates the DP state of a federation of <paramref name="population"/> clients sampling
    /// <paramref name="clientsPerRound"/> a round.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="ArgumentException">Adaptive clipping with a noise multiplier of 2σ_b or more.</exception>
    public ClientLevelDp(ClientDpOptions options, int population, int clientsPerRound)
    {
        _options = Guard.NotNull(options);
        options.Validate();
        Guard.InRange(clientsPerRound, 1, population);
        Population = population;
        ClientsPerRound = clientsPerRound;
        ClipNorm = options.ClipNorm;
        CountNoiseStd = options.CountNoiseFraction * clientsPerRound;
        double z = options.NoiseMultiplier;
        if (options.AdaptiveClipping)
        {
            // The split needs z < 2σ_b: the count query cannot take more than the whole budget.
            Guard.IsTrue(z < 2 * CountNoiseStd, nameof(options), $"adaptive clipping needs a noise multiplier below 2σ_b = {2 * CountNoiseStd:G3} at {clientsPerRound} clients a round");
        }

        UpdateNoiseMultiplier = options.AdaptiveClipping ? 1 / Math.Sqrt((1 / (z * z)) - (1 / (4 * CountNoiseStd * CountNoiseStd))) : z;
        _noise = GaussianNoise.CreateSecure();
    }

    /// <summary>The number of clients N.</summary>
    public int Population { get; }

    /// <summary>The clients sampled per round, m.</summary>
    public int ClientsPerRound { get; }

    /// <summary>The current clipping norm C.</summary>
    public double ClipNorm { get; private set; }

    /// <summary>The noise multiplier applied to the update, z_Δ (z itself without adaptive clipping).</summary>
    public double UpdateNoiseMultiplier { get; }

    /// <summary>The deviation σ_b of the noise on the clipped count.</summary>
    public double CountNoiseStd { get; }

    /// <summary>The rounds accounted so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>Scales <paramref name="update"/> to L2 norm at most C; returns 1 when it was within C (the bit adaptive
    /// clipping counts), else 0.</summary>
    public int Clip(Span<float> update) => ClipTo(update, ClipNorm);

    /// <summary>Scales <paramref name="update"/> to L2 norm at most <paramref name="clipNorm"/>; returns 1 when it was
    /// within it, else 0 (what a networked client does with the C its coordinator sent).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The clip norm is not positive.</exception>
    public static int ClipTo(Span<float> update, double clipNorm)
    {
        Guard.IsTrue(clipNorm > 0 && double.IsFinite(clipNorm), nameof(clipNorm), "must be positive");
        double norm = Math.Sqrt(SumOfSquaresInDoubles(update));
        if (norm <= clipNorm)
        {
            return 1;
        }

        float factor = (float)(clipNorm / norm);
        for (int i = 0; i < update.Length; i++)
        {
            update[i] *= factor;
        }

        return 0;
    }

    /// <summary>Adds one party's share of the update noise to <paramref name="values"/>: all of it for the server under
    /// <see cref="NoisePlacement.Server"/>, a 1/m share of the variance for each client under
    /// <see cref="NoisePlacement.Distributed"/>.</summary>
    public void AddNoise(Span<float> values, bool byClient)
    {
        bool distributed = _options.Placement == NoisePlacement.Distributed;
        if (byClient != distributed)
        {
            return;
        }

        _noise.AddTo(values, distributed ? ClientNoiseStd : TotalNoiseStd);
    }

    /// <summary>Adds the whole update noise, z_Δ·C, whatever the placement: for a round no client could take part in
    /// (the server is then the only party to add it).</summary>
    public void AddTotalNoise(Span<float> values) => _noise.AddTo(values, TotalNoiseStd);

    /// <summary>The deviation of the update noise on the sum, z_Δ·C.</summary>
    public double TotalNoiseStd => UpdateNoiseMultiplier * ClipNorm;

    /// <summary>The deviation of each client's share of the noise: z_Δ·C/√m when distributed, else 0.</summary>
    public double ClientNoiseStd => _options.Placement == NoisePlacement.Distributed ? TotalNoiseStd / Math.Sqrt(ClientsPerRound) : 0;

    /// <summary>Resumes after a restart: <paramref name="rounds"/> rounds already ran, and C is
    /// <paramref name="clipNorm"/>. Charges the accountant for those rounds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rounds are negative or the clip norm not positive.</exception>
    /// <exception cref="InvalidOperationException">Rounds were already accounted.</exception>
    public void Restore(int rounds, double clipNorm)
    {
        Guard.NotNegative(rounds);
        Guard.IsTrue(clipNorm > 0 && double.IsFinite(clipNorm), nameof(clipNorm), "must be positive");
        if (Rounds != 0)
        {
            throw new InvalidOperationException("restore a fresh DP state only");
        }

        if (rounds > 0)
        {
            _accountant.Compose(_options.NoiseMultiplier, (double)ClientsPerRound / Population, rounds);
        }

        Rounds = rounds;
        ClipNorm = clipNorm;
    }

    /// <summary>Ends a round: turns the noisy sum into the mean (dividing by m, not by the number that arrived),
    /// adapts C from the count of unclipped clients, and charges the round to the accountant.</summary>
    /// <param name="noisySum">The sum of the clipped updates with the update noise; becomes the mean.</param>
    /// <param name="unclippedCount">How many clients' updates were within C.</param>
    public void FinishRound(Span<float> noisySum, int unclippedCount)
    {
        float inverse = 1f / ClientsPerRound;
        for (int i = 0; i < noisySum.Length; i++)
        {
            noisySum[i] *= inverse;
        }

        if (_options.AdaptiveClipping)
        {
            Span<double> countNoise = stackalloc double[1];
            _noise.Fill(countNoise, CountNoiseStd);
            double fraction = (unclippedCount + countNoise[0]) / ClientsPerRound;
            ClipNorm *= Math.Exp(-_options.ClipLearningRate * (fraction - _options.TargetQuantile));
        }

        _accountant.Compose(_options.NoiseMultiplier, (double)ClientsPerRound / Population);
        Rounds++;
    }

    /// <summary>ε at the options' δ after the rounds so far.</summary>
    public double Epsilon => Rounds == 0 ? 0 : _accountant.GetEpsilon(_options.Delta);

    /// <summary>ε at δ after <paramref name="rounds"/> rounds of this configuration, without running them.</summary>
    public static double EpsilonAfter(ClientDpOptions options, int population, int clientsPerRound, int rounds)
    {
        Guard.NotNull(options).Validate();
        var accountant = new RdpAccountant();
        accountant.Compose(options.NoiseMultiplier, (double)clientsPerRound / population, rounds);
        return accountant.GetEpsilon(options.Delta);
    }

    /// <inheritdoc />
    public void Dispose() => _noise.Dispose();

    private static double SumOfSquaresInDoubles(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += (double)v * v;
        }

        return sum;
    }
}
