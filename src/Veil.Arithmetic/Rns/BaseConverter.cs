using System.Numerics;

namespace Veil.Arithmetic;

/// <summary>
/// Fast (approximate) RNS base conversion from a source basis A = {a_i} to target moduli {b_j}:
/// <c>x ↦ Σ_i [x_i · (A/a_i)^-1]_(a_i) · (A/a_i) mod b_j</c>, which equals x + u·A for an integer 0 ≤ u &lt; |A|.
/// It is the step behind ModUp and ModDown in hybrid key switching (the u·A term is absorbed by the gadget or is
/// part of the rounding error), as in Bajard et al. and Halevi-Polyakov-Shoup.
/// </summary>
/// <remarks>
/// Two phases, so callers place rows where they want: <see cref="Prepare"/> computes y_i = [x_i·(A/a_i)^-1]_(a_i)
/// once; <see cref="Accumulate"/> then produces any target row from y. Inputs are coefficients (not NTT evaluations).
/// Thread-safety: immutable, safe for concurrent use.
/// </remarks>
public sealed class BaseConverter
{
    private readonly Modulus[] _source;
    private readonly Modulus[] _target;
    private readonly ShoupMultiplier[] _hatInverses;
    private readonly ShoupMultiplier[][] _hats; // [target j][source i] = (A/a_i) mod b_j
    private readonly bool _sourceBelow52Bits;
    private readonly double[] _sourceInverse;
    private readonly ShoupMultiplier[] _productModTarget;

    /// <summary>Creates the converter from <paramref name="source"/> to <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">The source moduli are not pairwise coprime.</exception>
    public BaseConverter(IReadOnlyList<Modulus> source, IReadOnlyList<Modulus> target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        Guard.IsTrue(source.Count > 0, nameof(source), "must not be empty");
        _source = source.ToArray();
        _target = target.ToArray();
        BigInteger product = _source.Aggregate(BigInteger.One, (p, m) => p * m.Value);
        _hatInverses = new ShoupMultiplier[_source.Length];
        for (int i = 0; i < _source.Length; i++)
        {
            BigInteger hat = product / _source[i].Value;
            _hatInverses[i] = _source[i].Shoup(_source[i].Invert(_source[i].Reduce(hat)));
        }

        _hats = new ShoupMultiplier[_target.Length][];
        for (int j = 0; j < _target.Length; j++)
        {
            _hats[j] = new ShoupMultiplier[_source.Length];
            for (int i = 0; i < _source.Length; i++)
            {
                _hats[j][i] = _target[j].Shoup(_target[j].Reduce(product / _source[i].Value));
            }
        }

        _sourceBelow52Bits = _source.All(m => m.BitCount <= 52);
        _sourceInverse = _source.Select(m => 1.0 / m.Value).ToArray();
        _productModTarget = _target.Select(b => b.Shoup(b.Reduce(product))).ToArray();
    }

    /// <summary>The source moduli.</summary>
    public IReadOnlyList<Modulus> Source => _source;

    /// <summary>The target moduli.</summary>
    public IReadOnlyList<Modulus> Target => _target;

    /// <summary>Computes y_i = [x_i · (A/a_i)^-1]_(a_i) for every source row.</summary>
    /// <param name="source">The source rows, row i holding residues modulo a_i, each of length N.</param>
    /// <param name="y">Receives the prepared rows, same layout.</param>
    /// <exception cref="ArgumentException">The spans do not hold one row per source modulus.</exception>
    public void Prepare(ReadOnlySpan<ulong> source, Span<ulong> y)
    {
        Guard.IsTrue(source.Length % _source.Length == 0, nameof(source), "must hold one row per source modulus");
        Guard.LengthEquals(y.Length, source.Length, nameof(y));
        int n = source.Length / _source.Length;
        for (int i = 0; i < _source.Length; i++)
        {
            ModularKernels.MultiplyConstant(source.Slice(i * n, n), _hatInverses[i], y.Slice(i * n, n), _source[i]);
        }
    }

    /// <summary>
    /// Estimates, per coefficient, the multiple u of A that <see cref="Accumulate"/> adds: u = floor(Σ_i y_i / a_i),
    /// computed in doubles. It is exact except when x/A lies within about 2^-50 of an integer, where it may be one off.
    /// Subtracting u·A (<see cref="SubtractOverflow"/>) makes the conversion exact: x itself, not x + u·A.
    /// </summary>
    /// <param name="y">The rows from <see cref="Prepare"/>.</param>
    /// <param name="overflow">Receives u for each of the N coefficients.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public void EstimateOverflow(ReadOnlySpan<ulong> y, Span<ulong> overflow) => Estimate(y, overflow, 0);

    /// <summary>
    /// As <see cref="EstimateOverflow"/>, but u = round(Σ_i y_i / a_i), so that subtracting u·A leaves the centered
    /// representative of x, in [−A/2, A/2): the exact conversion of a signed value. Off by one only when x/A lies within
    /// about 2^-50 of a half-integer, where either representative is about A/2 in size.
    /// </summary>
    /// <param name="y">The rows from <see cref="Prepare"/>.</param>
    /// <param name="overflow">Receives u for each of the N coefficients.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public void EstimateCenteredOverflow(ReadOnlySpan<ulong> y, Span<ulong> overflow) => Estimate(y, overflow, 0.5);

    private void Estimate(ReadOnlySpan<ulong> y, Span<ulong> overflow, double offset)
    {
        int n = overflow.Length;
        Guard.LengthEquals(y.Length, n * _source.Length, nameof(y));
        for (int k = 0; k < n; k++)
        {
            double sum = offset;
            for (int i = 0; i < _source.Length; i++)
            {
                sum += y[(i * n) + k] * _sourceInverse[i];
            }

            overflow[k] = (ulong)sum;
        }
    }

    /// <summary>destination −= u·A mod b_j, with u from <see cref="EstimateOverflow"/>.</summary>
    /// <param name="overflow">u per coefficient.</param>
    /// <param name="targetIndex">Which target modulus b_j.</param>
    /// <param name="destination">A row from <see cref="Accumulate"/>.</param>
    /// <param name="scratch">A row of N words of working space.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public void SubtractOverflow(ReadOnlySpan<ulong> overflow, int targetIndex, Span<ulong> destination, Span<ulong> scratch)
    {
        Guard.InRange(targetIndex, 0, _target.Length - 1);
        Guard.LengthEquals(overflow.Length, destination.Length, nameof(overflow));
        Guard.LengthAtLeast(scratch.Length, destination.Length, nameof(scratch));
        Modulus b = _target[targetIndex];
        Span<ulong> product = scratch[..destination.Length];
        ModularKernels.MultiplyConstant(overflow, _productModTarget[targetIndex], product, b);
        ModularKernels.Subtract(destination, product, destination, b);
    }

    /// <summary>destination = Σ_i y_i · (A/a_i) mod b_j, for target <paramref name="targetIndex"/>.</summary>
    /// <param name="y">The rows from <see cref="Prepare"/>.</param>
    /// <param name="targetIndex">Which target modulus b_j.</param>
    /// <param name="destination">Receives one row of residues modulo b_j.</param>
    /// <param name="scratch">A row of N words of working space, used only when a source modulus exceeds 52 bits.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public void Accumulate(ReadOnlySpan<ulong> y, int targetIndex, Span<ulong> destination, Span<ulong> scratch = default)
    {
        Guard.InRange(targetIndex, 0, _target.Length - 1);
        int n = destination.Length;
        Guard.LengthEquals(y.Length, n * _source.Length, nameof(y));
        Modulus b = _target[targetIndex];
        ShoupMultiplier[] hats = _hats[targetIndex];
        for (int i = 0; i < _source.Length; i++)
        {
            ReadOnlySpan<ulong> row = y.Slice(i * n, n);
            if (!_sourceBelow52Bits && b.SupportsVectorKernels)
            {
                // The vector kernels need inputs below 2^52; bring the row into [0, b) first.
                Guard.LengthAtLeast(scratch.Length, n, nameof(scratch));
                ModularKernels.Reduce(row, scratch[..n], b);
                row = scratch[..n];
            }

            if (i == 0)
            {
                ModularKernels.MultiplyConstant(row, hats[i], destination, b);
            }
            else
            {
                ModularKernels.MultiplyConstantAdd(row, hats[i], destination, b);
            }
        }
    }
}
