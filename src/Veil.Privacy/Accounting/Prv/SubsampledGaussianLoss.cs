using Veil.Privacy.Numerics;

namespace Veil.Privacy.Accounting.Prv;

/// <summary>
/// The privacy loss random variable (PRV) of one step of the Poisson-subsampled Gaussian mechanism, in one direction:
/// Y = log(P(X)/Q(X)) with X ~ P. Its distribution function is exact (closed form through erfc), so the accountant
/// can discretise it with controlled error.
/// </summary>
/// <remarks>
/// With mixture density ratio L(x) = log(1 - q + q exp((2x - 1)/(2 sigma^2))), increasing in x with inverse
/// x(y) = sigma^2 log((e^y - (1 - q))/q) + 1/2 for y &gt; log(1 - q):
/// <list type="bullet">
/// <item>Remove: Y = L(X), X ~ (1 - q) N(0, sigma^2) + q N(1, sigma^2); Y &lt;= y iff X &lt;= x(y).
/// Support (log(1 - q), infinity).</item>
/// <item>Add: Y = -L(X), X ~ N(0, sigma^2); Y &lt;= y iff -X &lt;= -x(-y). Support (-infinity, -log(1 - q)).</item>
/// </list>
/// Both are written as "Y &lt;= y iff V &lt;= g(y)" for a Gaussian mixture V and increasing g, so interval masses are
/// differences of Gaussian tails, each taken on its own side of the mean to avoid cancellation.
/// Thread-safety: immutable; safe to share.
/// </remarks>
internal sealed class SubsampledGaussianLoss
{
    private readonly double _sigma;
    private readonly double _q;
    private readonly double _logQ;
    private readonly double _log1MinusQ;
    private readonly double[] _weights;
    private readonly double[] _means;

    public SubsampledGaussianLoss(double sigma, double q, LossDirection direction)
    {
        _sigma = sigma;
        _q = q;
        _logQ = Math.Log(q);
        _log1MinusQ = q == 1 ? double.NegativeInfinity : SpecialFunctions.LogOnePlus(-q);
        Direction = direction;
        (_weights, _means) = direction == LossDirection.Remove
            ? (q == 1 ? ([1.0], [1.0]) : (new[] { 1 - q, q }, new[] { 0.0, 1.0 }))
            : ([1.0], [0.0]);
    }

    /// <summary>The direction.</summary>
    public LossDirection Direction { get; }

    /// <summary>The smallest value Y can take (negative infinity when unbounded below).</summary>
    public double SupportLow => Direction == LossDirection.Remove ? _log1MinusQ : double.NegativeInfinity;

    /// <summary>The largest value Y can take (infinity when unbounded above).</summary>
    public double SupportHigh => Direction == LossDirection.Remove ? double.PositiveInfinity : -_log1MinusQ;

    /// <summary>Number of Gaussian components of V.</summary>
    public int Components => _weights.Length;

    /// <summary>Weight of component <paramref name="c"/>.</summary>
    public double Weight(int c) => _weights[c];

    /// <summary>The standardised position of y for component c: (g(y) - mean_c)/sigma (may be infinite).</summary>
    public double Standardized(double y, int c) => (Transform(y) - _means[c]) / _sigma;

    /// <summary>P[Y &lt;= y].</summary>
    public double Cdf(double y)
    {
        double total = 0;
        for (int c = 0; c < _weights.Length; c++)
        {
            total += _weights[c] * SpecialFunctions.NormalCdf(Standardized(y, c));
        }

        return total;
    }

    /// <summary>P[Y &gt; y].</summary>
    public double Sf(double y)
    {
        double total = 0;
        for (int c = 0; c < _weights.Length; c++)
        {
            total += _weights[c] * SpecialFunctions.NormalSf(Standardized(y, c));
        }

        return total;
    }

    /// <summary>g(y): the threshold on V equivalent to Y &lt;= y.</summary>
    private double Transform(double y) =>
        Direction == LossDirection.Remove ? InverseLoss(y) : -InverseLoss(-y);

    /// <summary>x(y) = sigma^2 log((e^y - (1 - q))/q) + 1/2, or negative infinity when y &lt;= log(1 - q).</summary>
    private double InverseLoss(double y)
    {
        if (double.IsNegativeInfinity(y) || y <= _log1MinusQ)
        {
            return double.NegativeInfinity;
        }

        if (double.IsPositiveInfinity(y))
        {
            return double.PositiveInfinity;
        }

        // log((e^y - 1 + q)/q), arranged to keep precision for large y and for y near log(1 - q).
        double logRatio = y > 0
            ? y + SpecialFunctions.LogOnePlus(-(1 - _q) * Math.Exp(-y)) - _logQ
            : Math.Log(SpecialFunctions.ExpMinusOne(y) + _q) - _logQ;
        return (_sigma * _sigma * logRatio) + 0.5;
    }
}
