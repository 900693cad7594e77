namespace Veil.Privacy.Accounting;

/// <summary>
/// The Renyi DP accountant for DP-SGD: RDP of the Poisson-subsampled Gaussian mechanism at each order
/// (<see cref="SampledGaussianRdp"/>), summed over steps (RDP composes additively, also across runs with different
/// noise multipliers and sample rates), then converted to (epsilon, delta) by <see cref="RdpConversion"/> at the
/// best order.
/// </summary>
/// <remarks>
/// The per-step RDP of each distinct (sigma, q) is computed once per order and cached, so composing one step at a
/// time in a training loop costs nothing until a guarantee is asked for.
/// Thread-safety: not safe for concurrent use.
/// </remarks>
public sealed class RdpAccountant : IPrivacyAccountant
{
    private readonly AccountingHistory _history = new();
    private readonly Dictionary<(double Sigma, double Q), double[]> _perStep = [];
    private readonly double[] _orders;

    /// <summary>Creates an empty accountant over <paramref name="orders"/> (default <see cref="RdpOrders.Default"/>).</summary>
    public RdpAccountant(RdpOrders? orders = null)
    {
        Orders = orders ?? RdpOrders.Default;
        _orders = [.. Orders.Values];
        Array.Sort(_orders);
    }

    /// <summary>The orders tracked.</summary>
    public RdpOrders Orders { get; }

    /// <inheritdoc />
    public IReadOnlyList<SampledGaussianSteps> History => _history.Runs;

    /// <inheritdoc />
    public void Compose(SampledGaussianSteps steps) => _history.Add(steps);

    /// <summary>Adds <paramref name="steps"/> steps of noise multiplier sigma and sample rate q.</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public void Compose(double noiseMultiplier, double sampleRate, long steps = 1) =>
        _history.Add(new SampledGaussianSteps(noiseMultiplier, sampleRate, steps));

    /// <inheritdoc />
    public void Reset() => _history.Clear();

    /// <summary>The total RDP at each tracked order (sorted ascending, as in <see cref="GetSortedOrders"/>).</summary>
    public double[] GetRdp()
    {
        var total = new double[_orders.Length];
        foreach (SampledGaussianSteps run in _history.Runs)
        {
            double[] perStep = PerStep(run);
            for (int i = 0; i < total.Length; i++)
            {
                total[i] += run.Steps * perStep[i];
            }
        }

        return total;
    }

    /// <summary>The tracked orders, sorted ascending.</summary>
    public double[] GetSortedOrders() => [.. _orders];

    /// <summary>The total RDP at any order alpha &gt; 1.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="order"/> is not greater than 1.</exception>
    public double GetRdp(double order)
    {
        double total = 0;
        foreach (SampledGaussianSteps run in _history.Runs)
        {
            total += run.Steps * SampledGaussianRdp.Compute(run.NoiseMultiplier, run.SampleRate, order);
        }

        return total;
    }

    /// <inheritdoc />
    public double GetEpsilon(double delta) => GetGuarantee(delta).Epsilon;

    /// <summary>The tightest (epsilon, delta) guarantee over the orders, with the order that gives it.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="delta"/> is not in (0, 1).</exception>
    public RdpGuarantee GetGuarantee(double delta)
    {
        PrivacyGuard.Delta(delta, "delta");
        if (_history.Runs.Count == 0)
        {
            return new RdpGuarantee(0, delta, _orders[0]);
        }

        double[] rdp = GetRdp();
        (double epsilon, double order) = RdpConversion.BestEpsilon(_orders, rdp, delta);
        if (Orders.Refine && epsilon > 0 && !double.IsPositiveInfinity(epsilon))
        {
            (epsilon, order) = Refine(epsilon, order, delta);
        }

        return new RdpGuarantee(epsilon, delta, order);
    }

    /// <summary>The smallest delta this accountant guarantees at <paramref name="epsilon"/>, over the grid orders.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="epsilon"/> is negative.</exception>
    public double GetDelta(double epsilon)
    {
        PrivacyGuard.NotNegative(epsilon, "epsilon");
        if (_history.Runs.Count == 0)
        {
            return 0;
        }

        double[] rdp = GetRdp();
        double best = 1;
        for (int i = 0; i < _orders.Length; i++)
        {
            best = Math.Min(best, RdpConversion.Delta(_orders[i], rdp[i], epsilon));
        }

        return best;
    }

    private double[] PerStep(SampledGaussianSteps run)
    {
        if (!_perStep.TryGetValue((run.NoiseMultiplier, run.SampleRate), out double[]? values))
        {
            values = new double[_orders.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = SampledGaussianRdp.Compute(run.NoiseMultiplier, run.SampleRate, _orders[i]);
            }

            _perStep[(run.NoiseMultiplier, run.SampleRate)] = values;
        }

        return values;
    }

    /// <summary>Golden-section search for the best fractional order between the grid neighbours of the best grid order.</summary>
    private (double Epsilon, double Order) Refine(double gridEpsilon, double gridOrder, double delta)
    {
        int index = Array.IndexOf(_orders, gridOrder);
        double low = index > 0 ? _orders[index - 1] : 1 + ((gridOrder - 1) / 2);
        double high = index < _orders.Length - 1 ? _orders[index + 1] : gridOrder * 2;
        double Objective(double order) => RdpConversion.Epsilon(order, GetRdp(order), delta);

        (double bestOrder, double bestEpsilon) = Numerics.Search.GoldenSectionMinimum(Objective, low, high, 40, 1e-6);
        return bestEpsilon < gridEpsilon ? (bestEpsilon, bestOrder) : (gridEpsilon, gridOrder);
    }
}
