using Veil.Arithmetic;

namespace Veil.He.Rlwe;

/// <summary>
/// The automorphisms X ↦ X^g of Z_Q[X]/(X^N + 1) for odd g (Galois elements), in both representations.
/// In CKKS, g = 5^k mod 2N rotates the slots left by k and g = 2N − 1 conjugates them.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class Automorphism
{
    /// <summary>The Galois element that rotates CKKS slots left by <paramref name="step"/> (negative: right).</summary>
    public static ulong RotationElement(int logN, int step)
    {
        int slots = 1 << (logN - 1);
        ulong twoN = 2UL << logN;
        int k = ((step % slots) + slots) % slots;
        ulong g = 1, five = 5;
        for (int e = k; e != 0; e >>= 1)
        {
            if ((e & 1) != 0)
            {
                g = g * five % twoN;
            }

            five = five * five % twoN;
        }

        return g;
    }

    /// <summary>The inverse of <paramref name="galoisElement"/> modulo 2N (the group of odd residues has order N, so
    /// g^-1 = g^(N−1)).</summary>
    public static ulong Inverse(int logN, ulong galoisElement)
    {
        ulong twoN = 2UL << logN, result = 1, power = galoisElement % twoN;
        for (ulong e = (1UL << logN) - 1; e != 0; e >>= 1)
        {
            if ((e & 1) != 0)
            {
                result = result * power % twoN;
            }

            power = power * power % twoN;
        }

        return result;
    }

    /// <summary>The Galois element of complex conjugation, 2N − 1.</summary>
    public static ulong ConjugationElement(int logN) => (2UL << logN) - 1;

    /// <summary>Returns perm with out[k] = in[perm[k]] for the automorphism X ↦ X^g applied to NTT evaluations (whose
    /// slot k holds the value at ψ^(2·bitrev(k)+1)).</summary>
    /// <exception cref="ArgumentException"><paramref name="galoisElement"/> is even.</exception>
    public static int[] NttPermutation(int logN, ulong galoisElement)
    {
        Guard.IsTrue((galoisElement & 1) == 1, nameof(galoisElement), "must be odd");
        int n = 1 << logN;
        ulong mask = (2UL << logN) - 1;
        var perm = new int[n];
        for (int k = 0; k < n; k++)
        {
            // σ_g(a)(ψ^e) = a(ψ^(e·g)): slot k (exponent e) reads the slot whose exponent is e·g mod 2N.
            ulong e = (2UL * (ulong)NttTables.BitReverse(k, logN)) + 1;
            ulong image = e * galoisElement & mask;
            perm[k] = NttTables.BitReverse((int)(image >> 1), logN);
        }

        return perm;
    }

    /// <summary>destination[k] = source[perm[k]] on each row of destination (NTT form).</summary>
    public static void ApplyNtt(RnsPoly source, int[] permutation, RnsPoly destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(permutation);
        ArgumentNullException.ThrowIfNull(destination);
        Guard.IsTrue(!ReferenceEquals(source, destination), nameof(destination), "must differ from the source");
        for (int i = 0; i < destination.Count; i++)
        {
            Permute(source[i], permutation, destination[i]);
        }
    }

    /// <summary>destination[k] = source[perm[k]].</summary>
    public static void Permute(ReadOnlySpan<ulong> source, ReadOnlySpan<int> permutation, Span<ulong> destination)
    {
        Guard.LengthEquals(source.Length, permutation.Length, nameof(source));
        Guard.LengthEquals(destination.Length, permutation.Length, nameof(destination));
        for (int k = 0; k < destination.Length; k++)
        {
            destination[k] = source[permutation[k]];
        }
    }

    /// <summary>Applies X ↦ X^g to coefficients: coefficient j moves to j·g mod 2N, negated when that exceeds N.</summary>
    public static void ApplyCoefficients(ReadOnlySpan<ulong> source, ulong galoisElement, Span<ulong> destination, Modulus modulus)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        int n = source.Length;
        Guard.LengthEquals(destination.Length, n, nameof(destination));
        ulong mask = (2UL * (ulong)n) - 1;
        for (int j = 0; j < n; j++)
        {
            ulong target = (ulong)j * galoisElement & mask;
            if (target < (ulong)n)
            {
                destination[(int)target] = source[j];
            }
            else
            {
                destination[(int)(target - (ulong)n)] = modulus.Negate(source[j]);
            }
        }
    }
}
