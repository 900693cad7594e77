using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Ckks;

public sealed partial class CkksEvaluator
{
    /// <summary>destination = a · b as a degree-2 ciphertext (no relinearization); its scale is a.Scale · b.Scale.</summary>
    /// <exception cref="ArgumentException">An operand has degree 2 (relinearize it first).</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The levels differ and the options do not align them.</exception>
    /// <exception cref="ScaleOverflowException">The product's scale does not fit the modulus at its level.</exception>
    public void Multiply(Ciphertext a, Ciphertext b, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        Check(destination, nameof(destination));
        Guard.IsTrue(a.Degree == 1 && b.Degree == 1, nameof(a), "must be relinearized (degree 1) before another multiplication");
        int level = CommonLevel(a.Level, b.Level, "Multiply");
        double scale = a.Scale * b.Scale;
        CheckScaleFits(scale, level, "Multiply");
        bool square = ReferenceEquals(a, b);
        destination.Resize(2, level);
        destination.Scale = scale;
        for (int i = 0; i <= level; i++)
        {
            // Row by row, reading every input of row i before writing it, so the destination may be an operand.
            Modulus q = RingQ[i];
            Span<ulong> a0 = a[0][i], a1 = a[1][i], b0 = b[0][i], b1 = b[1][i];
            if (square)
            {
                ModularKernels.Multiply(a0, a1, _row, q);
                ModularKernels.Add(_row, _row, _row, q);
            }
            else
            {
                ModularKernels.Multiply(a0, b1, _row, q);
                ModularKernels.MultiplyAdd(a1, b0, _row, q);
            }

            ModularKernels.Multiply(a1, b1, destination[2][i], q);
            ModularKernels.Multiply(a0, b0, destination[0][i], q);
            _row.CopyTo(destination[1][i]);
        }
    }

    /// <summary>Returns a · b as a degree-2 ciphertext.</summary>
    /// <exception cref="ArgumentException">An operand has degree 2.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The levels differ and the options do not align them.</exception>
    /// <exception cref="ScaleOverflowException">The product's scale does not fit the modulus at its level.</exception>
    public Ciphertext MultiplyNew(Ciphertext a, Ciphertext b) => New(a, d => Multiply(a, b, d));

    /// <summary>destination = a² as a degree-2 ciphertext (three products instead of four).</summary>
    /// <exception cref="ArgumentException">The operand has degree 2.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ScaleOverflowException">The square's scale does not fit the modulus.</exception>
    public void Square(Ciphertext a, Ciphertext destination) => Multiply(a, a, destination);

    /// <summary>Returns a² as a degree-2 ciphertext.</summary>
    /// <exception cref="ArgumentException">The operand has degree 2.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    /// <exception cref="ScaleOverflowException">The square's scale does not fit the modulus.</exception>
    public Ciphertext SquareNew(Ciphertext a) => New(a, d => Square(a, d));

    /// <summary>destination = a · b, relinearized (degree 1).</summary>
    /// <exception cref="ArgumentException">An operand has degree 2.</exception>
    /// <exception cref="MissingKeyException">The evaluator has no relinearization key.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The levels differ and the options do not align them.</exception>
    /// <exception cref="ScaleOverflowException">The product's scale does not fit the modulus at its level.</exception>
    public void MultiplyRelinearize(Ciphertext a, Ciphertext b, Ciphertext destination)
    {
        RelinearizationKey key = RelinearizationKeyOrThrow();
        Multiply(a, b, destination);
        Relinearize(destination, destination, key);
    }

    /// <summary>Returns a · b, relinearized.</summary>
    /// <exception cref="ArgumentException">An operand has degree 2.</exception>
    /// <exception cref="MissingKeyException">The evaluator has no relinearization key.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The levels differ and the options do not align them.</exception>
    /// <exception cref="ScaleOverflowException">The product's scale does not fit the modulus at its level.</exception>
    public Ciphertext MultiplyRelinearizeNew(Ciphertext a, Ciphertext b) => New(a, d => MultiplyRelinearize(a, b, d));

    /// <summary>destination = a relinearized: a degree-2 ciphertext (c_0, c_1, c_2) becomes (c_0, c_1) + KeySwitch(c_2).
    /// A degree-1 ciphertext is copied.</summary>
    /// <exception cref="MissingKeyException">The evaluator has no relinearization key.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Relinearize(Ciphertext a, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        if (a.Degree == 1)
        {
            a.CopyTo(destination);
            return;
        }

        Relinearize(a, destination, RelinearizationKeyOrThrow());
    }

    /// <summary>Returns a relinearized.</summary>
    /// <exception cref="MissingKeyException">The evaluator has no relinearization key.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext RelinearizeNew(Ciphertext a)
    {
        Check(a, nameof(a));
        var result = new Ciphertext(_parameters, 1, a.Level, a.Scale);
        Relinearize(a, result);
        return result;
    }

    /// <summary>destination = a ⊙ p (slot-wise product with a plaintext at a's level or above); scale a.Scale · p.Scale.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The plaintext is below the ciphertext's level and the options do not
    /// align levels.</exception>
    /// <exception cref="ScaleOverflowException">The product's scale does not fit the modulus.</exception>
    public void Multiply(Ciphertext a, Plaintext p, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(p, nameof(p));
        Check(destination, nameof(destination));
        int level = p.Level >= a.Level ? a.Level : CommonLevel(a.Level, p.Level, "Multiply");
        double scale = a.Scale * p.Scale;
        CheckScaleFits(scale, level, "Multiply");
        PrepareDestination(a, destination, a.Degree, level, scale);
        for (int k = 0; k <= a.Degree; k++)
        {
            for (int i = 0; i <= level; i++)
            {
                ModularKernels.Multiply(a[k][i], p.Value[i], destination[k][i], RingQ[i]);
            }
        }
    }

    /// <summary>Returns a ⊙ p.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The plaintext is below the ciphertext's level.</exception>
    /// <exception cref="ScaleOverflowException">The product's scale does not fit the modulus.</exception>
    public Ciphertext MultiplyNew(Ciphertext a, Plaintext p) => New(a, d => Multiply(a, p, d));

    /// <summary>
    /// accumulator += a ⊙ p, without a temporary: the inner step of a diagonal matrix-vector product
    /// (Σ_i rot_i(x) ⊙ diag_i). The accumulator must already hold a ciphertext of scale a.Scale · p.Scale, at a's level
    /// (for the first term use <see cref="Multiply(Ciphertext, Plaintext, Ciphertext)"/>).
    /// </summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The levels or scales do not match and the options do not align them,
    /// or the plaintext is below the level.</exception>
    /// <exception cref="ArgumentException">The accumulator's degree is below a's.</exception>
    public void MultiplyAdd(Ciphertext a, Plaintext p, Ciphertext accumulator)
    {
        Check(a, nameof(a));
        Check(p, nameof(p));
        Check(accumulator, nameof(accumulator));
        Guard.IsTrue(accumulator.Degree >= a.Degree, nameof(accumulator), "must have at least the degree of a");
        int level = CommonLevel(a.Level, accumulator.Level, "MultiplyAdd");
        level = p.Level >= level ? level : CommonLevel(level, p.Level, "MultiplyAdd");
        CheckScales(accumulator.Scale, a.Scale * p.Scale, "MultiplyAdd");
        accumulator.Resize(accumulator.Degree, level);
        for (int k = 0; k <= a.Degree; k++)
        {
            for (int i = 0; i <= level; i++)
            {
                ModularKernels.MultiplyAdd(a[k][i], p.Value[i], accumulator[k][i], RingQ[i]);
            }
        }
    }

    private void Relinearize(Ciphertext a, Ciphertext destination, RelinearizationKey key) =>
        _keySwitch.Relinearize(a, destination, key);

    private RelinearizationKey RelinearizationKeyOrThrow() =>
        Keys?.Relinearization ?? throw new MissingKeyException(
            "This evaluator has no relinearization key: create it with EvaluationKeys that include one (KeyGenerator.GenEvaluationKeysNew).");
}
