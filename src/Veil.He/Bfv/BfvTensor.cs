using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Bfv;

/// <summary>
/// The homomorphic product of two BFV ciphertexts, d = round(t/Q · a ⊗ b), in the full-RNS way of Halevi, Polyakov
/// and Shoup (2018): extend each input exactly (centered) from Q to Q∪R, take the tensor product in NTT form, scale by
/// t/Q with rounding into R, and convert the result exactly back to Q. R is wide enough that nothing wraps
/// (<see cref="BfvTables"/>).
/// </summary>
/// <remarks>Thread-safety: holds scratch buffers; not safe for concurrent use. Each evaluator owns one.</remarks>
internal sealed class BfvTensor
{
    private readonly BfvTables _tables;
    private readonly RnsBasis _ringQ, _ringR;
    private readonly RnsPoly _coefficients;
    private readonly RnsPoly[] _extended, _productQ, _productR;
    private readonly ulong[] _y, _overflow, _scratch, _rounded;

    public BfvTensor(Parameters parameters)
    {
        _tables = BfvTables.For(parameters);
        _ringQ = parameters.RingQ;
        _ringR = _tables.RingR;
        int n = parameters.N;
        _coefficients = _ringQ.NewPoly();
        _extended = [.. Enumerable.Range(0, 4).Select(_ => _ringR.NewPoly())];
        _productQ = [.. Enumerable.Range(0, 3).Select(_ => _ringQ.NewPoly())];
        _productR = [.. Enumerable.Range(0, 3).Select(_ => _ringR.NewPoly())];
        _y = new ulong[Math.Max(_ringQ.Count, _ringR.Count) * n];
        _overflow = new ulong[n];
        _scratch = new ulong[n];
        _rounded = new ulong[n];
    }

    /// <summary>destination (degree 2, NTT form) = the product of a and b (degree 1, NTT form, top level). The
    /// destination may be a or b; when a and b are the same object the product is a square (two extensions, not four).</summary>
    public void Multiply(Ciphertext a, Ciphertext b, Ciphertext destination)
    {
        bool square = ReferenceEquals(a, b);
        Extend(a[0], _extended[0]);
        Extend(a[1], _extended[1]);
        if (!square)
        {
            Extend(b[0], _extended[2]);
            Extend(b[1], _extended[3]);
        }

        for (int i = 0; i < _ringQ.Count; i++)
        {
            Tensor(a[0][i], a[1][i], b[0][i], b[1][i], i, _productQ, _ringQ[i], square);
        }

        RnsPoly b0 = square ? _extended[0] : _extended[2], b1 = square ? _extended[1] : _extended[3];
        for (int j = 0; j < _ringR.Count; j++)
        {
            Tensor(_extended[0][j], _extended[1][j], b0[j], b1[j], j, _productR, _ringR[j], square);
        }

        destination.Resize(2, _ringQ.Count - 1);
        destination.Scale = 1;
        for (int k = 0; k < 3; k++)
        {
            _ringQ.InverseNtt(_productQ[k]);
            _ringR.InverseNtt(_productR[k]);
            ScaleIntoR(_productQ[k], _productR[k]);
            ConvertToQ(_productR[k], destination[k]);
            _ringQ.ForwardNtt(destination[k]);
        }
    }

    private static void Tensor(
        ReadOnlySpan<ulong> a0, ReadOnlySpan<ulong> a1, ReadOnlySpan<ulong> b0, ReadOnlySpan<ulong> b1,
        int row, RnsPoly[] product, Modulus modulus, bool square)
    {
        Span<ulong> d0 = product[0][row], d1 = product[1][row], d2 = product[2][row];
        ModularKernels.Multiply(a0, b0, d0, modulus);
        ModularKernels.Multiply(a1, b1, d2, modulus);
        ModularKernels.Multiply(a0, b1, d1, modulus);
        if (square)
        {
            ModularKernels.Add(d1, d1, d1, modulus);
        }
        else
        {
            ModularKernels.MultiplyAdd(a1, b0, d1, modulus);
        }
    }

    /// <summary>destination (R, NTT form) = the centered representative of x (Q, NTT form), exactly.</summary>
    private void Extend(RnsPoly x, RnsPoly destination)
    {
        for (int i = 0; i < _ringQ.Count; i++)
        {
            x[i].CopyTo(_coefficients[i]);
            Ntt.Inverse(_coefficients[i], _ringQ.Tables[i]);
        }

        Convert(_tables.QToR, _coefficients, destination);
        _ringR.ForwardNtt(destination);
    }

    /// <summary>xR = round(t·x/Q) modulo each r_j, for x given modulo Q (xQ) and R (xR), both as coefficients. With
    /// b_i = [x_i·(Q/q_i)^-1·t]_(q_i): round(t·x/Q) ≡ [t·Q^-1]·x − Σ_i b_i·q_i^-1 + round(Σ_i b_i/q_i) (mod r_j).</summary>
    private void ScaleIntoR(RnsPoly xQ, RnsPoly xR)
    {
        int n = _scratch.Length, levels = _ringQ.Count;
        for (int i = 0; i < levels; i++)
        {
            ModularKernels.MultiplyConstant(xQ[i], _tables.HatInverseTimesT[i], _y.AsSpan(i * n, n), _ringQ[i]);
        }

        RoundFractions(levels, n);
        for (int j = 0; j < _ringR.Count; j++)
        {
            Modulus r = _ringR[j];
            Span<ulong> row = xR[j];
            ModularKernels.MultiplyConstant(row, _tables.TOverQModR[j], row, r);
            for (int i = 0; i < levels; i++)
            {
                ReadOnlySpan<ulong> b = _y.AsSpan(i * n, n);
                Modulus q = _ringQ[i];
                if (q.Value > r.Value && !(r.SupportsVectorKernels && q.BitCount <= 52))
                {
                    ModularKernels.Reduce(b, _scratch, r);
                    b = _scratch;
                }

                ModularKernels.MultiplyConstantAdd(b, _tables.NegativeQInverseModR[j][i], row, r);
            }

            ModularKernels.Add(row, _rounded, row, r);
        }
    }

    /// <summary>_rounded[k] = round(Σ_i b_i[k] / q_i), the b_i in the first rows of _y.</summary>
    private void RoundFractions(int levels, int n)
    {
        double[] inverse = _tables.InverseQ;
        Span<ulong> rounded = _rounded;
        for (int k = 0; k < n; k++)
        {
            double sum = 0.5;
            for (int i = 0; i < levels; i++)
            {
                sum += _y[(i * n) + k] * inverse[i];
            }

            rounded[k] = (ulong)sum;
        }
    }

    private void ConvertToQ(RnsPoly x, RnsPoly destination) => Convert(_tables.RToQ, x, destination);

    /// <summary>destination = the centered representative of x, converted exactly by <paramref name="converter"/>.</summary>
    private void Convert(BaseConverter converter, RnsPoly x, RnsPoly destination)
    {
        Span<ulong> y = _y.AsSpan(0, x.Count * _scratch.Length);
        converter.Prepare(x.AsSpan(), y);
        converter.EstimateCenteredOverflow(y, _overflow);
        for (int j = 0; j < converter.Target.Count; j++)
        {
            converter.Accumulate(y, j, destination[j], _scratch);
            converter.SubtractOverflow(_overflow, j, destination[j], _scratch);
        }
    }
}
