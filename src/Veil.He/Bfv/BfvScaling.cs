using Veil.Arithmetic;

namespace Veil.He.Bfv;

/// <summary>
/// The two roundings of BFV between the plaintext ring (modulo t) and the ciphertext ring (modulo Q): scaling a message
/// up to round(Q·m/t), and scaling a phase x down to round(t·x/Q) mod t.
/// </summary>
/// <remarks>Thread-safety: holds scratch buffers; not safe for concurrent use.</remarks>
internal sealed class BfvScaling
{
    private readonly BfvTables _tables;
    private readonly RnsBasis _ringQ;
    private readonly ulong[] _fix, _y, _b, _integer;
    private readonly double[] _fraction;

    public BfvScaling(Rlwe.Parameters parameters)
    {
        _tables = BfvTables.For(parameters);
        _ringQ = parameters.RingQ;
        int n = parameters.N;
        _fix = new ulong[n];
        _y = new ulong[n];
        _b = new ulong[n];
        _integer = new ulong[n];
        _fraction = new double[n];
    }

    /// <summary>destination (coefficients, every row of Q) = round(Q·m/t) = ⌊Q/t⌋·m + round((Q mod t)·m/t).</summary>
    public void ScaleUp(ReadOnlySpan<ulong> m, RnsPoly destination)
    {
        ulong t = _tables.T.Value, remainder = _tables.QModT;
        double ratio = (double)remainder / t;
        for (int k = 0; k < m.Length; k++)
        {
            // An error of a unit here adds a unit of noise: doubles are ample.
            _fix[k] = (ulong)((m[k] * ratio) + 0.5);
        }

        for (int i = 0; i < _ringQ.Count; i++)
        {
            Modulus q = _ringQ[i];
            ModularKernels.MultiplyConstant(m, _tables.DeltaModQ[i], destination[i], q);
            ModularKernels.Add(destination[i], _fix, destination[i], q);
        }
    }

    /// <summary>
    /// destination = round(t·x/Q) mod t for x given by its coefficients modulo every prime of Q. With
    /// y_i = [x_i·(Q/q_i)^-1]_(q_i) and y_i·t = a_i·q_i + b_i, t·x/Q ≡ Σ_i (a_i + b_i/q_i) modulo t; the a_i are exact
    /// integers (an exact division by q_i in 64-bit words), the fractions are summed in doubles and rounded.
    /// </summary>
    public void ScaleDown(RnsPoly x, Span<ulong> destination)
    {
        Modulus t = _tables.T;
        ulong tValue = t.Value;
        Array.Clear(_integer);
        Array.Clear(_fraction);
        for (int i = 0; i < _ringQ.Count; i++)
        {
            Modulus q = _ringQ[i];
            ModularKernels.MultiplyConstant(x[i], _tables.HatInverse[i], _y, q);
            ModularKernels.MultiplyConstant(_y, _tables.TModQ[i], _b, q);
            ulong inverse64 = _tables.QInverse64[i];
            double inverse = _tables.InverseQ[i];
            for (int k = 0; k < _y.Length; k++)
            {
                ulong a = unchecked(((_y[k] * tValue) - _b[k]) * inverse64);
                ulong sum = _integer[k] + a;
                _integer[k] = sum >= tValue ? sum - tValue : sum;
                _fraction[k] += _b[k] * inverse;
            }
        }

        for (int k = 0; k < destination.Length; k++)
        {
            destination[k] = t.Reduce(_integer[k] + (ulong)(_fraction[k] + 0.5));
        }
    }
}
