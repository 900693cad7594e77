namespace Veil.Arithmetic;

/// <summary>
/// Precomputed twiddle factors for the negacyclic NTT of length N modulo a prime q ≡ 1 (mod 2N): powers of the minimal
/// primitive 2N-th root ψ in bit-reversed order, each with its Shoup quotient (scalar path) and w/q ratio (vector path),
/// and the same for ψ^-1 and N^-1.
/// </summary>
/// <remarks>
/// Layout: <c>Roots[k] = ψ^bitrev(k)</c>, <c>InverseRoots[k] = ψ^-bitrev(k)</c> for k in [1, N). The vector paths
/// also read, for the two stages whose butterfly groups are narrower than a vector, copies in which each twiddle repeats
/// once per butterfly: <c>RootsBy4[j] = Roots[N/8 + j/4]</c> and <c>RootsBy2[j] = Roots[N/4 + j/2]</c> (likewise inverse).
/// Thread-safety: immutable after construction, safe for concurrent reads.
/// </remarks>
public sealed class NttTables
{
    /// <summary>Builds the tables for ring degree 2^<paramref name="logN"/> modulo <paramref name="modulus"/>.</summary>
    /// <exception cref="ArgumentException">q is not a prime congruent to 1 mod 2N.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logN"/> is outside [1, 17].</exception>
    public NttTables(Modulus modulus, int logN)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        Guard.InRange(logN, 1, 17);
        ulong q = modulus.Value;
        int n = 1 << logN;
        if ((q - 1) % (2UL * (ulong)n) != 0 || !Primes.IsPrime(q))
        {
            throw new ArgumentException($"{q} is not a prime congruent to 1 mod {2 * n}: it has no negacyclic NTT of length {n}.", nameof(modulus));
        }

        Modulus = modulus;
        LogN = logN;
        N = n;
        Root = MinimalPrimitiveRoot(modulus, n);
        ulong inverseRoot = modulus.Invert(Root);

        Roots = new ulong[n];
        RootQuotients = new ulong[n];
        RootRatios = new double[n];
        InverseRoots = new ulong[n];
        InverseRootQuotients = new ulong[n];
        InverseRootRatios = new double[n];
        ulong power = 1, inversePower = 1;
        for (int i = 0; i < n; i++)
        {
            int k = BitReverse(i, logN);
            Set(Roots, RootQuotients, RootRatios, k, power, modulus);
            Set(InverseRoots, InverseRootQuotients, InverseRootRatios, k, inversePower, modulus);
            power = modulus.Multiply(power, Root);
            inversePower = modulus.Multiply(inversePower, inverseRoot);
        }

        NInverse = modulus.Shoup(modulus.Invert((ulong)n));
        LastInverseRoot = modulus.Shoup(modulus.Multiply(InverseRoots[n > 1 ? 1 : 0], NInverse.Operand));
        if (n >= 8)
        {
            (RootsBy4, RootRatiosBy4) = Repeat(Roots, RootRatios, n / 8, 4, n / 2);
            (RootsBy2, RootRatiosBy2) = Repeat(Roots, RootRatios, n / 4, 2, n / 2);
            (InverseRootsBy4, InverseRootRatiosBy4) = Repeat(InverseRoots, InverseRootRatios, n / 8, 4, n / 2);
            (InverseRootsBy2, InverseRootRatiosBy2) = Repeat(InverseRoots, InverseRootRatios, n / 4, 2, n / 2);
        }
        else
        {
            RootsBy4 = RootsBy2 = InverseRootsBy4 = InverseRootsBy2 = [];
            RootRatiosBy4 = RootRatiosBy2 = InverseRootRatiosBy4 = InverseRootRatiosBy2 = [];
        }
    }

    /// <summary>The prime modulus.</summary>
    public Modulus Modulus { get; }

    /// <summary>log2 of the transform length.</summary>
    public int LogN { get; }

    /// <summary>The transform length N.</summary>
    public int N { get; }

    /// <summary>ψ: the smallest primitive 2N-th root of unity modulo q. Output k of the forward transform is the input
    /// polynomial evaluated at ψ^(2·bitrev(k)+1).</summary>
    public ulong Root { get; }

    internal ulong[] Roots { get; }

    internal ulong[] RootQuotients { get; }

    internal double[] RootRatios { get; }

    internal ulong[] InverseRoots { get; }

    internal ulong[] InverseRootQuotients { get; }

    internal double[] InverseRootRatios { get; }

    internal ulong[] RootsBy4 { get; }

    internal double[] RootRatiosBy4 { get; }

    internal ulong[] RootsBy2 { get; }

    internal double[] RootRatiosBy2 { get; }

    internal ulong[] InverseRootsBy4 { get; }

    internal double[] InverseRootRatiosBy4 { get; }

    internal ulong[] InverseRootsBy2 { get; }

    internal double[] InverseRootRatiosBy2 { get; }

    /// <summary>N^-1 mod q.</summary>
    internal ShoupMultiplier NInverse { get; }

    /// <summary>ψ^-bitrev(1) · N^-1: the twiddle of the inverse transform's last stage, with the 1/N folded in.</summary>
    internal ShoupMultiplier LastInverseRoot { get; }

    /// <summary>Returns the bit reversal of the low <paramref name="bits"/> bits of <paramref name="value"/>.</summary>
    public static int BitReverse(int value, int bits) =>
        bits == 0 ? 0 : (int)(BitReverse32((uint)value) >> (32 - bits));

    private static uint BitReverse32(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x);
    }

    private static void Set(ulong[] roots, ulong[] quotients, double[] ratios, int index, ulong value, Modulus modulus)
    {
        ShoupMultiplier w = modulus.Shoup(value);
        roots[index] = w.Operand;
        quotients[index] = w.Quotient;
        ratios[index] = w.Ratio;
    }

    private static (ulong[] Roots, double[] Ratios) Repeat(ulong[] roots, double[] ratios, int start, int times, int length)
    {
        var r = new ulong[length];
        var f = new double[length];
        for (int j = 0; j < length; j++)
        {
            r[j] = roots[start + (j / times)];
            f[j] = ratios[start + (j / times)];
        }

        return (r, f);
    }

    private static ulong MinimalPrimitiveRoot(Modulus modulus, int n)
    {
        ulong q = modulus.Value;
        ulong order = 2UL * (ulong)n;
        ulong root = 0;
        for (ulong g = 2; root == 0; g++)
        {
            ulong candidate = modulus.Power(g, (q - 1) / order);
            if (modulus.Power(candidate, (ulong)n) == q - 1)
            {
                root = candidate; // candidate^N = −1, so its order is exactly 2N.
            }
        }

        // Every primitive 2N-th root is root^k for odd k; take the smallest so the tables depend on q and N alone.
        ulong square = modulus.Multiply(root, root);
        ulong best = root, current = root;
        for (int k = 1; k < n; k++)
        {
            current = modulus.Multiply(current, square);
            if (current < best)
            {
                best = current;
            }
        }

        return best;
    }
}
