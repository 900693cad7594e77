using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Ckks;

public sealed partial class CkksEvaluator
{
    /// <summary>destination = a / q_level, rounded: the level drops by one and the scale is divided by q_level.</summary>
    /// <exception cref="LevelExhaustedException">a is at level 0.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Rescale(Ciphertext a, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        int level = a.Level;
        if (level == 0)
        {
            throw new LevelExhaustedException(
                "Cannot rescale a ciphertext at level 0: no prime is left to divide by. Use parameters with more levels (a longer LogQ) or a shallower circuit.");
        }

        Modulus last = RingQ[level];
        KeySwitchingTables tables = _parameters.KeySwitching;
        ShoupMultiplier[] inverse = tables.RescaleInverse[level];
        int degree = a.Degree;
        double scale = a.Scale / last.Value;

        // Keep the last row of every polynomial, as coefficients, before the destination (possibly a) shrinks.
        _t.Resize(degree + 1);
        for (int k = 0; k <= degree; k++)
        {
            a[k][level].CopyTo(_t[k]);
            Ntt.Inverse(_t[k], RingQ.Tables[level]);
        }

        if (!ReferenceEquals(a, destination))
        {
            destination.Resize(degree, level - 1);
            for (int k = 0; k <= degree; k++)
            {
                for (int i = 0; i < level; i++)
                {
                    a[k][i].CopyTo(destination[k][i]);
                }
            }
        }
        else
        {
            destination.Resize(degree, level - 1);
        }

        for (int k = 0; k <= degree; k++)
        {
            for (int i = 0; i < level; i++)
            {
                // (c − [c]_(q_l)) / q_l with [c]_(q_l) the centered remainder: c divided by q_l and rounded.
                Modulus q = RingQ[i];
                ModularKernels.LiftCentered(_t[k], last, _row, q);
                Ntt.Forward(_row, RingQ.Tables[i]);
                Span<ulong> target = destination[k][i];
                ModularKernels.SubtractMultiplyConstant(target, _row, inverse[i], target, q);
            }
        }

        destination.Scale = scale;
    }

    /// <summary>Returns a rescaled.</summary>
    /// <exception cref="LevelExhaustedException">a is at level 0.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext RescaleNew(Ciphertext a)
    {
        Check(a, nameof(a));
        var result = new Ciphertext(_parameters, a.Degree, Math.Max(a.Level - 1, 0), a.Scale);
        Rescale(a, result);
        return result;
    }

    /// <summary>destination = a at the lower <paramref name="level"/> (its extra primes dropped; exact, nothing else
    /// changes).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is negative or above a's.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void DropLevel(Ciphertext a, int level, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        Guard.InRange(level, 0, a.Level);
        if (ReferenceEquals(a, destination))
        {
            destination.Resize(a.Degree, level);
            return;
        }

        destination.Resize(a.Degree, level);
        destination.Scale = a.Scale;
        for (int k = 0; k <= a.Degree; k++)
        {
            for (int i = 0; i <= level; i++)
            {
                a[k][i].CopyTo(destination[k][i]);
            }
        }
    }

    /// <summary>Returns a at the lower <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is negative or above a's.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext DropLevelNew(Ciphertext a, int level) => New(a, d => DropLevel(a, level, d));

    /// <summary>
    /// destination = a with its scale changed to <paramref name="scale"/>, using one level: a is multiplied by the integer
    /// round(scale · q_level / a.Scale) and rescaled, so the new scale is exact up to a relative 2^-(log2 of that integer).
    /// Use it to add ciphertexts whose scales drifted apart.
    /// </summary>
    /// <exception cref="LevelExhaustedException">a is at level 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not a positive finite number.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void SetScale(Ciphertext a, double scale, Ciphertext destination)
    {
        Check(a, nameof(a));
        Guard.Finite(scale);
        Guard.IsTrue(scale > 0, nameof(scale), "must be positive");
        if (a.Level == 0)
        {
            throw new LevelExhaustedException("SetScale needs a level to spend, and the ciphertext is at level 0.");
        }

        double factor = Math.Round(scale * RingQ[a.Level].Value / a.Scale);
        MultiplyByConstant(a, 1, destination, factor);
        Rescale(destination, destination);
        destination.Scale = scale;
    }

    /// <summary>Returns a with its scale changed to <paramref name="scale"/> (see <see cref="SetScale"/>).</summary>
    /// <exception cref="LevelExhaustedException">a is at level 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not a positive finite number.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext SetScaleNew(Ciphertext a, double scale) => New(a, d => SetScale(a, scale, d));
}
