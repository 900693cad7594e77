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
    private readonly ulong[] _row, _scratch, _overflow;

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
            if (count == 1)
            {
                DecomposeSinglePrime(c, start, level, destination.Q[j], destination.P[j]);
                continue;
            }

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

    /// <summary>Key-switches a decomposed polynomial: (d_0, d_1) = ModDown(Σ_j digit_j·(b_j, a_j)).</summary>
    public void Switch(Decomposition digits, KeySwitchingKey key, RnsPoly d0, RnsPoly d1)
    {
        RnsBasis ringQ = _parameters.RingQ, ringP = _parameters.RingP;
        int level = digits.Level;
        _accQ0.Resize(level + 1);
        _accQ1.Resize(level + 1);
        for (int j = 0; j < digits.Digits; j++)
        {
            for (int i = 0; i <= level; i++)
            {
                ModularKernels.MultiplyAddPair(digits.Q[j][i], key.BQ[j][i], key.AQ[j][i], _accQ0[i], _accQ1[i], ringQ[i], accumulate: j > 0);
            }

            for (int k = 0; k < ringP.Count; k++)
            {
                ModularKernels.MultiplyAddPair(digits.P[j][k], key.BP[j][k], key.AP[j][k], _accP0[k], _accP1[k], ringP[k], accumulate: j > 0);
            }
        }

        d0.Resize(level + 1);
        d1.Resize(level + 1);
        ModDown(_accQ0, _accP0, level, d0);
        ModDown(_accQ1, _accP1, level, d1);
    }

    /// <summary>destination = round((accQ, accP) / P) modulo q_0 … q_level, from a polynomial over QP in NTT form
    /// (accP is overwritten): (acc − [acc]_P) / P, where [acc]_P, acc's centered remainder modulo P, is base-converted
    /// to each q_i. <paramref name="destination"/> may be <paramref name="accQ"/>.</summary>
    internal void ModDown(RnsPoly accQ, RnsPoly accP, int level, RnsPoly destination)
    {
        RnsBasis ringQ = _parameters.RingQ, ringP = _parameters.RingP;
        KeySwitchingTables tables = _parameters.KeySwitching;
        int n = _parameters.N;
        for (int k = 0; k < ringP.Count; k++)
        {
            Ntt.Inverse(accP[k], ringP.Tables[k]);
        }

        if (ringP.Count == 1)
        {
            for (int i = 0; i <= level; i++)
            {
                ModularKernels.LiftCentered(accP[0], ringP[0], _row, ringQ[i]);
                Ntt.Forward(_row, ringQ.Tables[i]);
                ModularKernels.SubtractMultiplyConstant(accQ[i], _row, tables.PInverse[i], destination[i], ringQ[i]);
            }

            return;
        }

        // Several primes: centre by adding h = (P − 1)/2 before a fast base conversion and removing it after; the
        // conversion's overflow u·P (0 ≤ u < |P|) is estimated and removed, or −u would bias d_1 and u·s concentrate in
        // a few slots.
        for (int k = 0; k < ringP.Count; k++)
        {
            ModularKernels.AddConstant(accP[k], tables.HalfPModP[k], accP[k], ringP[k]);
        }

        Span<ulong> prepared = _prepared.AsSpan(0, ringP.Count * n);
        tables.ModDown.Prepare(accP.AsSpan(), prepared);
        tables.ModDown.EstimateOverflow(prepared, _overflow);
        for (int i = 0; i <= level; i++)
        {
            Modulus q = ringQ[i];
            tables.ModDown.Accumulate(prepared, i, _row, _scratch);
            tables.ModDown.SubtractOverflow(_overflow, i, _row, _scratch);
            ModularKernels.AddConstant(_row, q.Negate(tables.HalfPModQ[i]), _row, q);
            Ntt.Forward(_row, ringQ.Tables[i]);
            ModularKernels.SubtractMultiplyConstant(accQ[i], _row, tables.PInverse[i], destination[i], q);
        }
    }

    /// <summary>ModUp of a one-prime digit: its centered lift to every other prime of Q (up to the level) and of P.</summary>
    private void DecomposeSinglePrime(RnsPoly c, int row, int level, RnsPoly q, RnsPoly p)
    {
        RnsBasis ringQ = _parameters.RingQ, ringP = _parameters.RingP;
        Modulus source = ringQ[row];
        q.Resize(level + 1);
        for (int i = 0; i <= level; i++)
        {
            if (i == row)
            {
                c[i].CopyTo(q[i]);
            }
            else
            {
                ModularKernels.LiftCentered(_coefficients[row], source, q[i], ringQ[i]);
                Ntt.Forward(q[i], ringQ.Tables[i]);
            }
        }

        for (int k = 0; k < ringP.Count; k++)
        {
            ModularKernels.LiftCentered(_coefficients[row], source, p[k], ringP[k]);
            Ntt.Forward(p[k], ringP.Tables[k]);
        }
    }
}
