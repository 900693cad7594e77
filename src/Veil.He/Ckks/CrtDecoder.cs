using System.Numerics;
using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Ckks;

/// <summary>
/// Turns the coefficients of a plaintext at level ℓ (residues modulo q_0 … q_ℓ) into their centered integer values as
/// doubles: x = Σ_i y_i·(Q/q_i) − v·Q with y_i = [x_i·(Q/q_i)^-1]_(q_i) and v = round(Σ y_i/q_i). Fast path: evaluate it
/// modulo 2^64 and accept the result x' when x' ≡ x_i (mod q_i) for every i, which proves x' = x (both lie in
/// (−Q/2, Q/2] and agree modulo Q). Otherwise (|x| ≥ 2^63, e.g. a product not yet rescaled) the same modulo 2^128, and
/// for |x| ≥ 2^127 BigInteger.
/// </summary>
/// <remarks>Thread-safety: immutable per-level tables; safe for concurrent use.</remarks>
internal sealed class CrtDecoder
{
    private readonly Modulus[] _moduli;
    private readonly ShoupMultiplier[] _hatInverse;
    private readonly UInt128[] _hatLow;
    private readonly ulong[] _hatWord;
    private readonly ulong _productWord;
    private readonly double[] _inverse;
    private readonly UInt128 _productLow;
    private readonly BigInteger _product;
    private readonly BigInteger[] _hat;
    private readonly bool _needsCheck;

    public CrtDecoder(Parameters parameters, int level)
    {
        _moduli = parameters.RingQ.Moduli.Take(level + 1).ToArray();
        _product = parameters.ModulusAtLevel(level);
        _hat = _moduli.Select(m => _product / m.Value).ToArray();
        _hatInverse = _moduli.Select((m, i) => m.Shoup(m.Invert(m.Reduce(_hat[i])))).ToArray();
        BigInteger mask = (BigInteger.One << 128) - 1;
        _hatLow = _hat.Select(h => (UInt128)(h & mask)).ToArray();
        _productLow = (UInt128)(_product & mask);
        _hatWord = _hatLow.Select(h => (ulong)h).ToArray();
        _productWord = (ulong)_productLow;
        _inverse = _moduli.Select(m => 1.0 / m.Value).ToArray();
        _needsCheck = _product.GetBitLength() > 127;
    }

    /// <summary>destination[k] = the centered integer whose residues are rows[i][k], as a double.</summary>
    public void Decode(RnsPoly rows, Span<double> destination)
    {
        int count = _moduli.Length;
        if (count == 1)
        {
            ulong q = _moduli[0].Value, half = q >> 1;
            Span<ulong> row = rows[0];
            for (int k = 0; k < destination.Length; k++)
            {
                ulong v = row[k];
                destination[k] = v > half ? -(double)(q - v) : v;
            }

            return;
        }

        Span<ulong> y = stackalloc ulong[count];
        for (int k = 0; k < destination.Length; k++)
        {
            double fraction = 0;
            ulong sum = 0;
            for (int i = 0; i < count; i++)
            {
                y[i] = _hatInverse[i].Multiply(rows[i][k], _moduli[i].Value);
                fraction += y[i] * _inverse[i];
                sum += y[i] * _hatWord[i];
            }

            ulong v = (ulong)Math.Round(fraction);
            long x = (long)(sum - (v * _productWord));
            destination[k] = Matches(x, rows, k) ? x : Wide(y, v, rows, k);
        }
    }

    private bool Matches(long x, RnsPoly rows, int k)
    {
        for (int i = 0; i < _moduli.Length; i++)
        {
            if (_moduli[i].ReduceSigned(x) != rows[i][k])
            {
                return false;
            }
        }

        return true;
    }

    private double Wide(ReadOnlySpan<ulong> y, ulong v, RnsPoly rows, int k)
    {
        UInt128 sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += y[i] * _hatLow[i];
        }

        Int128 x = (Int128)(sum - (v * _productLow));
        return !_needsCheck || Matches(x, rows, k) ? (double)x : Exact(rows, k);
    }

    private bool Matches(Int128 x, RnsPoly rows, int k)
    {
        bool negative = x < 0;
        UInt128 magnitude = negative ? (UInt128)(-x) : (UInt128)x;
        ulong high = (ulong)(magnitude >> 64), low = (ulong)magnitude;
        for (int i = 0; i < _moduli.Length; i++)
        {
            Modulus m = _moduli[i];
            ulong r = m.Reduce(m.Reduce(high), low);
            if ((negative ? m.Negate(r) : r) != rows[i][k])
            {
                return false;
            }
        }

        return true;
    }

    private double Exact(RnsPoly rows, int k)
    {
        BigInteger sum = BigInteger.Zero;
        for (int i = 0; i < _moduli.Length; i++)
        {
            sum += _hatInverse[i].Multiply(rows[i][k], _moduli[i].Value) * _hat[i];
        }

        sum %= _product;
        if (sum > _product / 2)
        {
            sum -= _product;
        }

        return (double)sum;
    }
}
