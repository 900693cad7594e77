using Veil.Arithmetic;

namespace Veil.He.Rlwe;

/// <summary>
/// Hybrid key switching (Han-Ki, as in Lattigo and SEAL): decompose a polynomial c at level ℓ into digits of α primes,
/// raise each to QP by fast base conversion (ModUp), take the inner product with a key-switching key, and divide by P
/// with rounding (ModDown). The result (d_0, d_1) satisfies d_0 + d_1·s ≈ c·s'.
/// </summary>
/// <remarks>Thread-safety: holds scratch buffers; not safe for concurrent use. Each evaluator owns one.</remarks>
internal sealed class KeySwitcher
{
    private readonly Parameters _parameters;
    private readonly RnsPoly _coefficients;
    private readonly ulong[] _prepared;
    private readonly RnsPoly _accQ0, _accQ1, _accP0, _accP1;
    private readonly ulong[] _row, _permuted, _scratch, _overflow;

    public KeySwitcher(Parameters parameters)
    {
        _parameters = parameters;
        int n = parameters.N;
        _coefficients = parameters.RingQ.NewPoly();
        _prepared = new ulong[Math.Max(parameters.DigitSize, parameters.RingP.Count) * n];
        _accQ0 = parameters.RingQ.NewPoly();
        _accQ1 = parameters.RingQ.NewPoly();
        _accP0 = parameters.RingP.NewPoly();
        _accP1 = parameters.RingP.NewPoly();
        _row = new ulong[n];
        _permuted = new ulong[n];
        _scratch = new ulong[n];
        _overflow = new ulong[n];
    }

    /// <summary>Splits <paramref name="c"/> (NTT form, rows 0..level) into digits raised to QP, NTT form.</summary>
    public void Decompose(RnsPoly c, int level, Decomposition destination)
    {
        RnsBasis ringQ = _parameters.RingQ, ringP = _parameters.RingP;
        int n = _parameters.N, alpha = _parameters.DigitSize;
        destination.Level = level;
        _coefficients.Resize(level + 1);
        for (int i = 0; i <= level; i++)
        {
            c[i].CopyTo(_coefficients[i]);
            Ntt.Inverse(_coefficients[i], ringQ.Tables[i]);
        }

        for (int j = 0; j < destination.Digits; j++)
        {
            int start = j * alpha, count = Math.Min(alpha, level + 1 - start);
            ModUpConverter modUp = _parameters.KeySwitching.ModUp(start, count);
            Span<ulong> prepared = _prepared.AsSpan(0, count * n);

            // Lift the digit to its centered representative: convert x + h and subtract h (h = (Q_j − 1)/2) in the
            // targets. An uncentered lift has mean Q_j/2, which the canonical embedding concentrates into a few slots.
            for (int i = 0; i < count; i++)
            {
                ModularKernels.AddConstant(_coefficients[start + i], modUp.HalfModSource[i], _coefficients[start + i], ringQ[start + i]);
            }

            modUp.Converter.Prepare(_coefficients.AsSpan().Slice(start * n, count * n), prepared);
            bool exact = count > 1;
            if (exact)
            {
                // With several primes the conversion adds u·Q_j, 0 ≤ u < count; estimate u and remove it, so the lifted
                // digit stays centered (a bias of u·Q_j would grow the key-switching noise like the uncentered lift).
                modUp.Converter.EstimateOverflow(prepared, _overflow);
            }
            RnsPoly q = destination.Q[j], p = destination.P[j];
            q.Resize(level + 1);
            for (int i = 0; i <= level; i++)
            {
                if (i >= start && i < start + count)
                {
                    c[i].CopyTo(q[i]);
                }
                else
                {
                    int target = modUp.QTarget(i);
                    modUp.Converter.Accumulate(prepared, target, q[i], _scratch);
                    if (exact)
                    {
                        modUp.Converter.SubtractOverflow(_overflow, target, q[i], _scratch);
                    }

                    ModularKernels.AddConstant(q[i], ringQ[i].Negate(modUp.HalfModTarget[target]), q[i], ringQ[i]);
                    Ntt.Forward(q[i], ringQ.Tables[i]);
                }
            }

            for (int k = 0; k < ringP.Count; k++)
            {
                modUp.Converter.Accumulate(prepared, modUp.PTargetOffset + k, p[k], _scratch);
                if (exact)
                {
                    modUp.Converter.SubtractOverflow(_overflow, modUp.PTargetOffset + k, p[k], _scratch);
                }

                ModularKernels.AddConstant(p[k], ringP[k].Negate(modUp.HalfModTarget[modUp.PTargetOffset + k]), p[k], ringP[k]);
                Ntt.Forward(p[k], ringP.Tables[k]);
            }
        }
    }

    /// <summary>Key-switches a decomposed polynomial: (d_0, d_1) = ModDown(Σ_j σ(digit_j)·(b_j, a_j)), where σ permutes
    /// NTT slots by <paramref name="permutation"/> (an automorphism) or is the identity when it is null.</summary>
    public void Switch(Decomposition digits, KeySwitchingKey key, int[]? permutation, RnsPoly d0, RnsPoly d1)
    {
        RnsBasis ringQ = _parameters.RingQ, ringP = _parameters.RingP;
        int level = digits.Level;
        _accQ0.Resize(level + 1);
        _accQ1.Resize(level + 1);
        for (int j = 0; j < digits.Digits; j++)
        {
            for (int i = 0; i <= level; i++)
            {
                InnerProductRow(digits.Q[j][i], key.BQ[j][i], key.AQ[j][i], _accQ0[i], _accQ1[i], ringQ[i], permutation, j == 0);
            }

            for (int k = 0; k < ringP.Count; k++)
            {
                InnerProductRow(digits.P[j][k], key.BP[j][k], key.AP[j][k], _accP0[k], _accP1[k], ringP[k], permutation, j == 0);
            }
        }

        d0.Resize(level + 1);
        d1.Resize(level + 1);
        ModDown(_accQ0, _accP0, level, d0);
        ModDown(_accQ1, _accP1, level, d1);
    }

    /// <summary>destination = round((accQ, accP) / P) modulo q_0 … q_level, from a polynomial over QP in NTT form
    /// (accP is overwritten).</summary>
    private void ModDown(RnsPoly accQ, RnsPoly accP, int level, RnsPoly destination)
    {
        RnsBasis ringQ = _parameters.RingQ, ringP = _parameters.RingP;
        KeySwitchingTables tables = _parameters.KeySwitching;
        int n = _parameters.N;
        for (int k = 0; k < ringP.Count; k++)
        {
            Ntt.Inverse(accP[k], ringP.Tables[k]);
            ModularKernels.AddConstant(accP[k], tables.HalfPModP[k], accP[k], ringP[k]);
        }

        Span<ulong> prepared = _prepared.AsSpan(0, ringP.Count * n);
        tables.ModDown.Prepare(accP.AsSpan(), prepared);
        bool exact = ringP.Count > 1;
        if (exact)
        {
            // The conversion from several primes adds u·P (0 ≤ u < |P|); left in, −u would bias d_1 and u·s concentrate in
            // a few slots. Estimate u and remove it.
            tables.ModDown.EstimateOverflow(prepared, _overflow);
        }

        for (int i = 0; i <= level; i++)
        {
            // (acc − ([acc + h]_P − h)) / P with h = (P−1)/2: the subtracted term, acc's centered remainder mod P, is
            // the base-converted P part; h is removed per coefficient, before the NTT.
            Modulus q = ringQ[i];
            tables.ModDown.Accumulate(prepared, i, _row, _scratch);
            if (exact)
            {
                tables.ModDown.SubtractOverflow(_overflow, i, _row, _scratch);
            }

            ModularKernels.AddConstant(_row, q.Negate(tables.HalfPModQ[i]), _row, q);
            Ntt.Forward(_row, ringQ.Tables[i]);
            ModularKernels.Subtract(accQ[i], _row, _row, q);
            ModularKernels.MultiplyConstant(_row, tables.PInverse[i], destination[i], q);
        }
    }

    private void InnerProductRow(
        Span<ulong> digit, Span<ulong> b, Span<ulong> a, Span<ulong> acc0, Span<ulong> acc1, Modulus q, int[]? permutation, bool first)
    {
        ReadOnlySpan<ulong> x = digit;
        if (permutation is not null)
        {
            Automorphism.Permute(digit, permutation, _permuted);
            x = _permuted;
        }

        if (first)
        {
            ModularKernels.Multiply(x, b, acc0, q);
            ModularKernels.Multiply(x, a, acc1, q);
        }
        else
        {
            ModularKernels.MultiplyAdd(x, b, acc0, q);
            ModularKernels.MultiplyAdd(x, a, acc1, q);
        }
    }
}
