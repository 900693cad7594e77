using Veil.Arithmetic.Kernels;

namespace Veil.Arithmetic;

/// <summary>
/// Element-wise modular arithmetic over spans of residues: the pointwise kernels of RNS polynomials. Each runs on
/// 512-bit vectors where the hardware has them, else 256-bit vectors, else scalars; the multiplying kernels run in
/// vectors only for moduli below 2^50 (<see cref="Modulus.SupportsVectorKernels"/>).
/// </summary>
/// <remarks>
/// Inputs must be residues in [0, q) unless stated; every result is in [0, q). A destination may be one of the inputs
/// exactly, but must not partially overlap one.
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
public static class ModularKernels
{
    /// <summary>destination[i] = (x[i] + y[i]) mod q.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps an input.</exception>
    public static void Add(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination, Modulus modulus)
    {
        Check(x, y, destination, modulus);
        KernelDriver.Run(x, y, destination, new AddOperator(modulus.Value));
    }

    /// <summary>destination[i] = (x[i] − y[i]) mod q.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps an input.</exception>
    public static void Subtract(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination, Modulus modulus)
    {
        Check(x, y, destination, modulus);
        KernelDriver.Run(x, y, destination, new SubtractOperator(modulus.Value));
    }

    /// <summary>destination[i] = −x[i] mod q.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps the input.</exception>
    public static void Negate(ReadOnlySpan<ulong> x, Span<ulong> destination, Modulus modulus)
    {
        Check(x, destination, modulus);
        KernelDriver.Run(x, destination, new NegateOperator(modulus.Value));
    }

    /// <summary>destination[i] = (x[i] + c) mod q for a constant c in [0, q).</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps the input.</exception>
    public static void AddConstant(ReadOnlySpan<ulong> x, ulong c, Span<ulong> destination, Modulus modulus)
    {
        Check(x, destination, modulus);
        KernelDriver.Run(x, destination, new AddConstantOperator(modulus.Reduce(c), modulus.Value));
    }

    /// <summary>destination[i] = x[i]·y[i] mod q.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps an input.</exception>
    public static void Multiply(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination, Modulus modulus)
    {
        Check(x, y, destination, modulus);
        KernelDriver.Run(x, y, destination, new MultiplyOperator(modulus));
    }

    /// <summary>destination[i] = (destination[i] + x[i]·y[i]) mod q.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps an input.</exception>
    public static void MultiplyAdd(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination, Modulus modulus)
    {
        Check(x, y, destination, modulus);
        KernelDriver.Run(x, y, destination, destination, new MultiplyAddOperator(modulus));
    }

    /// <summary>destination[i] = x[i]·w mod q for a prepared constant w.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps the input.</exception>
    public static void MultiplyConstant(ReadOnlySpan<ulong> x, ShoupMultiplier w, Span<ulong> destination, Modulus modulus)
    {
        Check(x, destination, modulus);
        KernelDriver.Run(x, destination, new MultiplyConstantOperator(w, modulus));
    }

    /// <summary>destination[i] = (destination[i] + x[i]·w) mod q for a prepared constant w.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps the input.</exception>
    public static void MultiplyConstantAdd(ReadOnlySpan<ulong> x, ShoupMultiplier w, Span<ulong> destination, Modulus modulus)
    {
        Check(x, destination, modulus);
        KernelDriver.Run(x, destination, destination, new MultiplyConstantAddOperator(w, modulus));
    }

    /// <summary>destination[i] = (x[i] − y[i])·w mod q for a prepared constant w.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps an input.</exception>
    public static void SubtractMultiplyConstant(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, ShoupMultiplier w, Span<ulong> destination, Modulus modulus)
    {
        Check(x, y, destination, modulus);
        KernelDriver.Run(x, y, destination, new SubtractMultiplyConstantOperator(w, modulus));
    }

    /// <summary>destination[i] = c mod t, where c is the centered representative of x[i] modulo s (x[i] itself when
    /// x[i] ≤ s/2, else x[i] − s): switches a residue row from prime s to prime t without the bias of the [0, s) lift.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps the input.</exception>
    public static void LiftCentered(ReadOnlySpan<ulong> x, Modulus source, Span<ulong> destination, Modulus target)
    {
        ArgumentNullException.ThrowIfNull(source);
        Check(x, destination, target);
        KernelDriver.Run(x, destination, new LiftCenteredOperator(source, target));
    }

    /// <summary>d0[i] = (d0[i] + x[i]·y0[i]) mod q and d1[i] = (d1[i] + x[i]·y1[i]) mod q, reading x once (the inner
    /// product of key switching, against both halves of a key). With <paramref name="accumulate"/> false the products
    /// overwrite d0 and d1.</summary>
    /// <exception cref="ArgumentException">The lengths differ or a destination partially overlaps an input.</exception>
    public static void MultiplyAddPair(
        ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y0, ReadOnlySpan<ulong> y1, Span<ulong> d0, Span<ulong> d1, Modulus modulus, bool accumulate = true)
    {
        Check(x, y0, d0, modulus);
        Check(x, y1, d1, modulus);
        PairKernel.Run(x, y0, y1, d0, d1, modulus, accumulate);
    }

    /// <summary>destination[i] = x[i] mod q, for inputs below 2^52 (for example residues of another modulus below 2^50).</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps the input.</exception>
    public static void ReduceFrom52Bits(ReadOnlySpan<ulong> x, Span<ulong> destination, Modulus modulus)
    {
        Check(x, destination, modulus);
        KernelDriver.Run(x, destination, new ReduceSmallOperator(modulus));
    }

    /// <summary>destination[i] = x[i] mod q for any 64-bit inputs.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the destination partially overlaps the input.</exception>
    public static void Reduce(ReadOnlySpan<ulong> x, Span<ulong> destination, Modulus modulus)
    {
        Check(x, destination, modulus);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = modulus.Reduce(x[i]);
        }
    }

    private static void Check(ReadOnlySpan<ulong> x, Span<ulong> destination, Modulus modulus)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        Guard.LengthEquals(x.Length, destination.Length, nameof(x));
        CheckOverlap(x, destination, nameof(x));
    }

    private static void Check(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination, Modulus modulus)
    {
        Check(x, destination, modulus);
        Guard.LengthEquals(y.Length, destination.Length, nameof(y));
        CheckOverlap(y, destination, nameof(y));
    }

    private static void CheckOverlap(ReadOnlySpan<ulong> input, ReadOnlySpan<ulong> destination, string name)
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            throw new ArgumentException("The destination partially overlaps an input; use the input itself or a separate buffer.", name);
        }
    }
}
