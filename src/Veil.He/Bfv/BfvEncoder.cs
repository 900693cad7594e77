using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Bfv;

/// <summary>
/// Batching: packs N integers modulo t into one BFV plaintext so that homomorphic addition and multiplication act slot
/// by slot. Because t ≡ 1 mod 2N, X^N + 1 splits into N linear factors modulo t, and a plaintext's slots are its values
/// at the N primitive 2N-th roots of unity. The slots form two rows of N/2: row 0, column c is the value at ψ^(5^c) and
/// row 1, column c at ψ^(−5^c), so the automorphism X ↦ X^(5^k) rotates both rows left by k columns and X ↦ X^(2N−1)
/// swaps the rows (<see cref="BfvEvaluator.RotateRows"/>, <see cref="BfvEvaluator.RotateColumns"/>).
/// Slot s &lt; N/2 is row 0, column s; slot N/2 + c is row 1, column c.
/// </summary>
/// <remarks>Thread-safety: holds a scratch buffer; not safe for concurrent use. Use one encoder per thread.</remarks>
public sealed class BfvEncoder
{
    private readonly Parameters _parameters;
    private readonly BfvTables _tables;
    private readonly int[] _slotIndex;
    private readonly ulong[] _work;

    /// <summary>Creates an encoder for <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidParametersException">The parameters are not BFV parameters.</exception>
    public BfvEncoder(Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _tables = BfvTables.For(parameters);
        _slotIndex = SlotIndices(parameters.LogN);
        _work = new ulong[parameters.N];
    }

    /// <summary>The number of slots, N.</summary>
    public int SlotCount => _parameters.N;

    /// <summary>The plaintext modulus t.</summary>
    public ulong PlaintextModulus => _parameters.PlaintextModulus;

    /// <summary>Encodes up to N values in [0, t) into <paramref name="destination"/>; missing slots are zero.</summary>
    /// <exception cref="ArgumentException">More than N values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not below t.</exception>
    /// <exception cref="ParameterMismatchException">The destination belongs to other parameters.</exception>
    public void Encode(ReadOnlySpan<ulong> values, BfvPlaintext destination)
    {
        CheckDestination(values.Length, destination);
        ulong t = _tables.T.Value;
        Span<ulong> coefficients = destination.Coefficients;
        coefficients.Clear();
        for (int s = 0; s < values.Length; s++)
        {
            if (values[s] >= t)
            {
                throw new ArgumentOutOfRangeException(nameof(values), values[s], $"Slot {s} holds {values[s]}, not below the plaintext modulus t = {t}.");
            }

            coefficients[_slotIndex[s]] = values[s];
        }

        Ntt.Inverse(coefficients, _tables.PlainNtt);
    }

    /// <summary>Encodes up to N signed values in [−(t−1)/2, (t−1)/2] (each taken modulo t) into
    /// <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">More than N values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside the signed range.</exception>
    /// <exception cref="ParameterMismatchException">The destination belongs to other parameters.</exception>
    public void Encode(ReadOnlySpan<long> values, BfvPlaintext destination)
    {
        CheckDestination(values.Length, destination);
        Modulus t = _tables.T;
        ulong half = (t.Value - 1) / 2;
        Span<ulong> coefficients = destination.Coefficients;
        coefficients.Clear();
        for (int s = 0; s < values.Length; s++)
        {
            long v = values[s];
            if (v > (long)half || v < -(long)half)
            {
                throw new ArgumentOutOfRangeException(nameof(values), v, $"Slot {s} holds {v}, outside the signed range ±{half} of t = {t.Value}.");
            }

            coefficients[_slotIndex[s]] = t.ReduceSigned(v);
        }

        Ntt.Inverse(coefficients, _tables.PlainNtt);
    }

    /// <summary>Returns a new plaintext holding <paramref name="values"/> (each in [0, t)).</summary>
    /// <exception cref="ArgumentException">More than N values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not below t.</exception>
    public BfvPlaintext EncodeNew(ReadOnlySpan<ulong> values)
    {
        var plaintext = new BfvPlaintext(_parameters);
        Encode(values, plaintext);
        return plaintext;
    }

    /// <summary>Returns a new plaintext holding the signed <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">More than N values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside the signed range.</exception>
    public BfvPlaintext EncodeNew(ReadOnlySpan<long> values)
    {
        var plaintext = new BfvPlaintext(_parameters);
        Encode(values, plaintext);
        return plaintext;
    }

    /// <summary>Reads the N slots of <paramref name="plaintext"/>, each in [0, t).</summary>
    /// <exception cref="ArgumentException">The destination holds fewer than N values.</exception>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public void Decode(BfvPlaintext plaintext, Span<ulong> destination)
    {
        Evaluate(plaintext, destination.Length);
        for (int s = 0; s < _work.Length; s++)
        {
            destination[s] = _work[_slotIndex[s]];
        }
    }

    /// <summary>Reads the N slots of <paramref name="plaintext"/> as signed values in [−(t−1)/2, (t−1)/2].</summary>
    /// <exception cref="ArgumentException">The destination holds fewer than N values.</exception>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public void DecodeSigned(BfvPlaintext plaintext, Span<long> destination)
    {
        Evaluate(plaintext, destination.Length);
        ulong t = _tables.T.Value, half = (t - 1) / 2;
        for (int s = 0; s < _work.Length; s++)
        {
            ulong v = _work[_slotIndex[s]];
            destination[s] = v > half ? -(long)(t - v) : (long)v;
        }
    }

    /// <summary>Returns the N slots of <paramref name="plaintext"/>, each in [0, t).</summary>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public ulong[] DecodeNew(BfvPlaintext plaintext)
    {
        var values = new ulong[_parameters.N];
        Decode(plaintext, values);
        return values;
    }

    /// <summary>Returns the N slots of <paramref name="plaintext"/> as signed values.</summary>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public long[] DecodeSignedNew(BfvPlaintext plaintext)
    {
        var values = new long[_parameters.N];
        DecodeSigned(plaintext, values);
        return values;
    }

    /// <summary>The coefficient-NTT index of each slot: slot (row r, column c) is the evaluation at ψ^(±5^c), which the
    /// negacyclic NTT keeps at index bitrev((e − 1)/2) for the exponent e.</summary>
    internal static int[] SlotIndices(int logN)
    {
        int n = 1 << logN, half = n / 2;
        ulong twoN = 2UL << logN, mask = twoN - 1;
        var indices = new int[n];
        ulong power = 1;
        for (int c = 0; c < half; c++)
        {
            indices[c] = NttTables.BitReverse((int)((power - 1) >> 1), logN);
            ulong conjugate = twoN - power;
            indices[half + c] = NttTables.BitReverse((int)((conjugate - 1) >> 1), logN);
            power = power * 5 & mask;
        }

        return indices;
    }

    private void CheckDestination(int count, BfvPlaintext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, destination.Parameters, "destination");
        Guard.IsTrue(count <= _parameters.N, "values", $"must hold at most N = {_parameters.N} values");
    }

    private void Evaluate(BfvPlaintext plaintext, int destinationLength)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ParameterGuard.Same(_parameters, plaintext.Parameters, "plaintext");
        Guard.LengthAtLeast(destinationLength, _parameters.N, "destination");
        plaintext.Coefficients.CopyTo(_work);
        Ntt.Forward(_work, _tables.PlainNtt);
    }
}
