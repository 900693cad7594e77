namespace Veil.Arithmetic;

/// <summary>
/// The negacyclic number-theoretic transform over Z_q[X]/(X^N + 1): forward (Cooley-Tukey, natural order in,
/// bit-reversed order out) and inverse (Gentleman-Sande, bit-reversed in, natural out), with Harvey's lazy butterflies.
/// Output k of <see cref="Forward"/> is the polynomial evaluated at ψ^(2·bitrev(k)+1), ψ = <see cref="NttTables.Root"/>.
/// </summary>
/// <remarks>
/// Each transform runs on 512-bit vectors when the hardware has them and q &lt; 2^50, else on 256-bit vectors, else in
/// scalars; all three give identical results. Thread-safety: stateless, safe from any thread (tables are read-only).
/// </remarks>
public static class Ntt
{
    /// <summary>Transforms <paramref name="values"/> (coefficients in [0, 4q)) in place to evaluations in [0, q).</summary>
    /// <exception cref="ArgumentException">The span's length is not N.</exception>
    public static void Forward(Span<ulong> values, NttTables tables) => Run(values, tables, lazy: false);

    /// <summary>As <see cref="Forward"/>, but leaves the evaluations in [0, 4q): the caller reduces them later.</summary>
    /// <exception cref="ArgumentException">The span's length is not N.</exception>
    public static void ForwardLazy(Span<ulong> values, NttTables tables) => Run(values, tables, lazy: true);

    /// <summary>Transforms evaluations in [0, 2q) in place back to coefficients in [0, q).</summary>
    /// <exception cref="ArgumentException">The span's length is not N.</exception>
    public static void Inverse(Span<ulong> values, NttTables tables) => RunInverse(values, tables, lazy: false);

    /// <summary>As <see cref="Inverse"/>, but leaves the coefficients in [0, 2q).</summary>
    /// <exception cref="ArgumentException">The span's length is not N.</exception>
    public static void InverseLazy(Span<ulong> values, NttTables tables) => RunInverse(values, tables, lazy: true);

    private static void Run(Span<ulong> values, NttTables tables, bool lazy) => Transform(values, tables, lazy, inverse: false);

    private static void RunInverse(Span<ulong> values, NttTables tables, bool lazy) => Transform(values, tables, lazy, inverse: true);

    private static void Transform(Span<ulong> values, NttTables tables, bool lazy, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(tables);
        Guard.LengthEquals(values.Length, tables.N, nameof(values));
        bool vector = tables.Modulus.SupportsVectorKernels;
        if (vector && Kernels.FloatQuotient.Use512 && tables.N >= 32)
        {
            if (inverse)
            {
                NttVector512.Inverse(values, tables, lazy);
            }
            else
            {
                NttVector512.Forward(values, tables, lazy);
            }
        }
        else if (vector && Kernels.FloatQuotient.Use256 && tables.N >= 16)
        {
            if (inverse)
            {
                NttVector256.Inverse(values, tables, lazy);
            }
            else
            {
                NttVector256.Forward(values, tables, lazy);
            }
        }
        else
        {
            if (inverse)
            {
                NttScalar.Inverse(values, tables, lazy);
            }
            else
            {
                NttScalar.Forward(values, tables, lazy);
            }
        }
    }
}
