namespace Veil.Privacy.Accounting;

/// <summary>
/// The Renyi orders at which an <see cref="RdpAccountant"/> tracks the privacy loss, and whether it refines the best
/// grid order by a continuous search (fractional orders) before converting to (epsilon, delta).
/// </summary>
/// <remarks>Immutable; safe to share between threads. Every order gives a valid bound, so more orders and refinement
/// can only lower epsilon; the presets that copy other libraries' grids reproduce their published figures.</remarks>
public sealed class RdpOrders
{
    private readonly double[] _values;

    /// <summary>Creates a grid.</summary>
    /// <param name="values">Orders, each &gt; 1 and finite.</param>
    /// <param name="refine">Refine the best grid order by a golden-section search over fractional orders.</param>
    /// <exception cref="PrivacyParameterException">The list is empty or an order is not in (1, infinity).</exception>
    public RdpOrders(IEnumerable<double> values, bool refine)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        if (_values.Length == 0)
        {
            throw new PrivacyParameterException("RDP orders must not be empty.");
        }

        foreach (double order in _values)
        {
            if (!(order > 1) || double.IsPositiveInfinity(order))
            {
                throw new PrivacyParameterException($"RDP order must be a finite number greater than 1; got {order}.");
            }
        }

        Refine = refine;
    }

    /// <summary>The orders.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>True when the best order is refined by a continuous search.</summary>
    public bool Refine { get; }

    /// <summary>Veil's default: Opacus's grid widened at both ends (1.01 to 1024), with refinement.</summary>
    public static RdpOrders Default { get; } = new(
        [1.01, 1.02, 1.05, .. OpacusGrid(), 64, 80, 96, 128, 192, 256, 384, 512, 768, 1024], refine: true);

    /// <summary>Opacus's <c>RDPAccountant.DEFAULT_ALPHAS</c>: 1.1, 1.2, ..., 10.9 and 12, 13, ..., 63; no refinement.</summary>
    public static RdpOrders Opacus { get; } = new(OpacusGrid(), refine: false);

    /// <summary>The grid of TF Privacy's <c>compute_dp_sgd_privacy</c> (dp_accounting era): 1.25, 1.5, 1.75, 2, 2.25,
    /// 2.5, 3, 3.5, 4, 4.5, 5, 6, ..., 63, 128, 256, 512; no refinement.</summary>
    public static RdpOrders TfPrivacy { get; } = new(
        [1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, .. Enumerable.Range(5, 59).Select(i => (double)i), 128, 256, 512],
        refine: false);

    /// <summary>Google dp_accounting's <c>DEFAULT_RDP_ORDERS</c>: 1.1, ..., 10.9, 11, ..., 63, 128, 256, 512, 1024;
    /// no refinement.</summary>
    public static RdpOrders DpAccounting { get; } = new(
        [.. Enumerable.Range(1, 99).Select(x => 1 + (x / 10.0)), .. Enumerable.Range(11, 53).Select(i => (double)i), 128, 256, 512, 1024],
        refine: false);

    private static double[] OpacusGrid() =>
        [.. Enumerable.Range(1, 99).Select(x => 1 + (x / 10.0)), .. Enumerable.Range(12, 52).Select(i => (double)i)];
}
