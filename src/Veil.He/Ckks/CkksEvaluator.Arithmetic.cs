using System.Numerics;
using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Ckks;

public sealed partial class CkksEvaluator
{
    private ulong[]? _imaginaryUnits;

    /// <summary>destination = a + b.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">Levels or scales differ and the options do not align them.</exception>
    public void Add(Ciphertext a, Ciphertext b, Ciphertext destination) => AddOrSubtract(a, b, destination, subtract: false);

    /// <summary>Returns a + b.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">Levels or scales differ and the options do not align them.</exception>
    public Ciphertext AddNew(Ciphertext a, Ciphertext b) => New(a, d => Add(a, b, d));

    /// <summary>destination = a − b.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">Levels or scales differ and the options do not align them.</exception>
    public void Subtract(Ciphertext a, Ciphertext b, Ciphertext destination) => AddOrSubtract(a, b, destination, subtract: true);

    /// <summary>Returns a − b.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">Levels or scales differ and the options do not align them.</exception>
    public Ciphertext SubtractNew(Ciphertext a, Ciphertext b) => New(a, d => Subtract(a, b, d));

    /// <summary>destination = a + p (p at a's level or above; its extra primes are ignored).</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The plaintext is below the ciphertext's level, or the scales differ,
    /// and the options do not align them.</exception>
    public void Add(Ciphertext a, Plaintext p, Ciphertext destination) => AddOrSubtract(a, p, destination, subtract: false);

    /// <summary>Returns a + p.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">Levels or scales differ and the options do not align them.</exception>
    public Ciphertext AddNew(Ciphertext a, Plaintext p) => New(a, d => Add(a, p, d));

    /// <summary>destination = a − p.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">Levels or scales differ and the options do not align them.</exception>
    public void Subtract(Ciphertext a, Plaintext p, Ciphertext destination) => AddOrSubtract(a, p, destination, subtract: true);

    /// <summary>Returns a − p.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">Levels or scales differ and the options do not align them.</exception>
    public Ciphertext SubtractNew(Ciphertext a, Plaintext p) => New(a, d => Subtract(a, p, d));

    /// <summary>destination = −a.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Negate(Ciphertext a, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        PrepareDestination(a, destination, a.Degree, a.Level, a.Scale);
        for (int k = 0; k <= a.Degree; k++)
        {
            RingQ.Negate(a[k], destination[k]);
        }
    }

    /// <summary>Returns −a.</summary>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext NegateNew(Ciphertext a) => New(a, d => Negate(a, d));

    /// <summary>destination = a + c in every slot (c is rounded at a's scale).</summary>
    /// <exception cref="ArgumentOutOfRangeException">c is not finite.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void AddConstant(Ciphertext a, Complex c, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        Guard.Finite(c.Real, nameof(c));
        Guard.Finite(c.Imaginary, nameof(c));
        a.CopyTo(destination);
        ulong[] first = new ulong[a.Level + 1], second = new ulong[a.Level + 1];
        ConstantResidues(c, a.Scale, a.Level, first, second);
        int half = _parameters.N / 2;
        for (int i = 0; i <= a.Level; i++)
        {
            // A constant a + b·i is the polynomial a + b·X^(N/2); X^(N/2) is +i_q on the first half of the NTT slots and −i_q on the second.
            Modulus q = RingQ[i];
            Span<ulong> row = destination[0][i];
            ModularKernels.AddConstant(row[..half], first[i], row[..half], q);
            ModularKernels.AddConstant(row[half..], second[i], row[half..], q);
        }
    }

    /// <summary>Returns a + c in every slot.</summary>
    /// <exception cref="ArgumentOutOfRangeException">c is not finite.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext AddConstantNew(Ciphertext a, Complex c) => New(a, d => AddConstant(a, c, d));

    /// <summary>
    /// destination = a · c in every slot. The constant is rounded at <paramref name="constantScale"/> (default: the prime
    /// q_level, so that the <see cref="Rescale"/> which should follow restores a's scale exactly), and the result's scale
    /// is a.Scale · constantScale.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">c or the scale is not finite.</exception>
    /// <exception cref="ScaleOverflowException">The product's scale does not fit the modulus.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void MultiplyByConstant(Ciphertext a, Complex c, Ciphertext destination, double constantScale = 0)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        Guard.Finite(c.Real, nameof(c));
        Guard.Finite(c.Imaginary, nameof(c));
        double scale = constantScale > 0 ? constantScale : RingQ[a.Level].Value;
        CheckScaleFits(a.Scale * scale * Math.Max(1, Complex.Abs(c)), a.Level, "MultiplyByConstant");
        ulong[] first = new ulong[a.Level + 1], second = new ulong[a.Level + 1];
        ConstantResidues(c, scale, a.Level, first, second);
        PrepareDestination(a, destination, a.Degree, a.Level, a.Scale * scale);
        int half = _parameters.N / 2;
        for (int k = 0; k <= a.Degree; k++)
        {
            for (int i = 0; i <= a.Level; i++)
            {
                Modulus q = RingQ[i];
                Span<ulong> source = a[k][i], target = destination[k][i];
                ModularKernels.MultiplyConstant(source[..half], q.Shoup(first[i]), target[..half], q);
                ModularKernels.MultiplyConstant(source[half..], q.Shoup(second[i]), target[half..], q);
            }
        }
    }

    /// <summary>Returns a · c in every slot (see <see cref="MultiplyByConstant"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">c or the scale is not finite.</exception>
    /// <exception cref="ScaleOverflowException">The product's scale does not fit the modulus.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext MultiplyByConstantNew(Ciphertext a, Complex c, double constantScale = 0) =>
        New(a, d => MultiplyByConstant(a, c, d, constantScale));

    /// <summary>destination = a · k for an integer k; the scale does not change and no level is used.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void MultiplyByInteger(Ciphertext a, long k, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        ulong[] residues = RingQ.Residues(k, a.Level + 1);
        PrepareDestination(a, destination, a.Degree, a.Level, a.Scale);
        for (int d = 0; d <= a.Degree; d++)
        {
            RingQ.MultiplyConstant(a[d], residues, destination[d]);
        }
    }

    /// <summary>Returns a · k for an integer k.</summary>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext MultiplyByIntegerNew(Ciphertext a, long k) => New(a, d => MultiplyByInteger(a, k, d));

    private void AddOrSubtract(Ciphertext a, Ciphertext b, Ciphertext destination, bool subtract)
    {
        string operation = subtract ? "Subtract" : "Add";
        Check(a, nameof(a));
        Check(b, nameof(b));
        Check(destination, nameof(destination));
        int level = CommonLevel(a.Level, b.Level, operation);
        double scale = a.Scale;
        if (!ScalesMatch(a.Scale, b.Scale))
        {
            if (!Options.AlignScales)
            {
                CheckScales(a.Scale, b.Scale, operation);
            }

            // Bring the operand of smaller scale up by the nearest integer to the ratio.
            bool aSmaller = a.Scale < b.Scale;
            Ciphertext small = aSmaller ? a : b;
            long factor = (long)Math.Round(Math.Max(a.Scale, b.Scale) / small.Scale);
            scale = Math.Max(a.Scale, b.Scale);
            if (factor > 1)
            {
                MultiplyByInteger(small, factor, Temporary);
                (a, b) = aSmaller ? (Temporary, b) : (a, Temporary);
            }
        }

        int degree = Math.Max(a.Degree, b.Degree);
        Ciphertext? extra = a.Degree > b.Degree ? a : b.Degree > a.Degree ? b : null;
        int common = Math.Min(a.Degree, b.Degree);
        PrepareDestination(extra ?? a, destination, degree, level, scale);
        for (int k = 0; k <= common; k++)
        {
            for (int i = 0; i <= level; i++)
            {
                if (subtract)
                {
                    ModularKernels.Subtract(a[k][i], b[k][i], destination[k][i], RingQ[i]);
                }
                else
                {
                    ModularKernels.Add(a[k][i], b[k][i], destination[k][i], RingQ[i]);
                }
            }
        }

        if (extra is not null)
        {
            for (int i = 0; i <= level; i++)
            {
                if (subtract && extra == b)
                {
                    ModularKernels.Negate(b[degree][i], destination[degree][i], RingQ[i]);
                }
                else
                {
                    extra[degree][i].CopyTo(destination[degree][i]);
                }
            }
        }
    }

    private void AddOrSubtract(Ciphertext a, Plaintext p, Ciphertext destination, bool subtract)
    {
        string operation = subtract ? "Subtract" : "Add";
        Check(a, nameof(a));
        Check(p, nameof(p));
        Check(destination, nameof(destination));
        int level = p.Level >= a.Level ? a.Level : CommonLevel(a.Level, p.Level, operation);
        CheckScales(a.Scale, p.Scale, operation);
        PrepareDestination(a, destination, a.Degree, level, a.Scale);
        for (int i = 0; i <= level; i++)
        {
            Modulus q = RingQ[i];
            if (subtract)
            {
                ModularKernels.Subtract(a[0][i], p.Value[i], destination[0][i], q);
            }
            else
            {
                ModularKernels.Add(a[0][i], p.Value[i], destination[0][i], q);
            }

            for (int k = 1; k <= a.Degree; k++)
            {
                a[k][i].CopyTo(destination[k][i]);
            }
        }
    }

    /// <summary>Shapes <paramref name="destination"/> for a result; when it is not <paramref name="source"/>, rows appear
    /// that the caller overwrites. Scale is set last, so a destination aliasing the source keeps its data.</summary>
    private static void PrepareDestination(Ciphertext source, Ciphertext destination, int degree, int level, double scale)
    {
        if (!ReferenceEquals(source, destination) || destination.Degree != degree || destination.Level != level)
        {
            destination.Resize(degree, level);
        }

        destination.Scale = scale;
    }

    /// <summary>Residues of round(c·scale) as the polynomial A + B·X^(N/2), evaluated at the first half (A + B·i_q) and
    /// the second half (A − B·i_q) of the NTT slots.</summary>
    private void ConstantResidues(Complex c, double scale, int level, ulong[] first, ulong[] second)
    {
        _imaginaryUnits ??= RingQ.Tables.Select(t => t.Modulus.Power(t.Root, (ulong)(_parameters.N / 2))).ToArray();
        var real = new BigInteger(Math.Round(c.Real * scale));
        var imaginary = new BigInteger(Math.Round(c.Imaginary * scale));
        for (int i = 0; i <= level; i++)
        {
            Modulus q = RingQ[i];
            ulong re = q.Reduce(real), im = q.Multiply(q.Reduce(imaginary), _imaginaryUnits[i]);
            first[i] = q.Add(re, im);
            second[i] = q.Subtract(re, im);
        }
    }

    private Ciphertext New(Ciphertext like, Action<Ciphertext> operation)
    {
        var result = new Ciphertext(_parameters, like.Degree, like.Level, like.Scale);
        operation(result);
        return result;
    }
}
