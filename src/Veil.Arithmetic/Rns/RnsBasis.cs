using System.Numerics;

namespace Veil.Arithmetic;

/// <summary>
/// An ordered set of NTT-friendly primes q_0, …, q_(k−1) for ring degree N, with their NTT tables: the ring
/// Z_Q[X]/(X^N + 1), Q = ∏ q_i, in RNS form. Its methods apply an operation row by row to the first
/// <c>destination.Count</c> rows of polynomials (the level), like Lattigo's <c>ring.Ring</c>.
/// </summary>
/// <remarks>Thread-safety: immutable, safe for concurrent use (the polynomials passed in are the caller's).</remarks>
public sealed class RnsBasis
{
    private readonly Modulus[] _moduli;
    private readonly NttTables[] _tables;

    /// <summary>Creates the basis of <paramref name="primes"/> for ring degree 2^<paramref name="logN"/>.</summary>
    /// <exception cref="ArgumentException">A prime is not ≡ 1 mod 2N, or the primes are not distinct.</exception>
    public RnsBasis(int logN, IReadOnlyList<ulong> primes)
    {
        ArgumentNullException.ThrowIfNull(primes);
        Guard.IsTrue(primes.Distinct().Count() == primes.Count, nameof(primes), "must be distinct");
        LogN = logN;
        N = 1 << logN;
        _moduli = primes.Select(p => new Modulus(p)).ToArray();
        _tables = _moduli.Select(m => new NttTables(m, logN)).ToArray();
    }

    /// <summary>log2 of the ring degree.</summary>
    public int LogN { get; }

    /// <summary>The ring degree N.</summary>
    public int N { get; }

    /// <summary>Number of primes.</summary>
    public int Count => _moduli.Length;

    /// <summary>The primes, in order.</summary>
    public IReadOnlyList<Modulus> Moduli => _moduli;

    /// <summary>The NTT tables of each prime, in order.</summary>
    public IReadOnlyList<NttTables> Tables => _tables;

    /// <summary>The prime of row <paramref name="index"/>.</summary>
    public Modulus this[int index] => _moduli[index];

    /// <summary>The product of the first <paramref name="count"/> primes.</summary>
    public BigInteger Product(int count)
    {
        BigInteger product = BigInteger.One;
        for (int i = 0; i < count; i++)
        {
            product *= _moduli[i].Value;
        }

        return product;
    }

    /// <summary>Creates a zero polynomial with <paramref name="count"/> rows (default: all primes).</summary>
    public RnsPoly NewPoly(int count = -1) => new(N, count < 0 ? Count : count, Count);

    /// <summary>Forward NTT of each row in use (coefficients in [0, 4q) → evaluations in [0, q)).</summary>
    public void ForwardNtt(RnsPoly poly)
    {
        Check(poly);
        for (int i = 0; i < poly.Count; i++)
        {
            Ntt.Forward(poly[i], _tables[i]);
        }
    }

    /// <summary>Inverse NTT of each row in use (evaluations in [0, 2q) → coefficients in [0, q)).</summary>
    public void InverseNtt(RnsPoly poly)
    {
        Check(poly);
        for (int i = 0; i < poly.Count; i++)
        {
            Ntt.Inverse(poly[i], _tables[i]);
        }
    }

    /// <summary>destination = a + b on destination's rows.</summary>
    public void Add(RnsPoly a, RnsPoly b, RnsPoly destination)
    {
        Check(a, b, destination);
        for (int i = 0; i < destination.Count; i++)
        {
            ModularKernels.Add(a[i], b[i], destination[i], _moduli[i]);
        }
    }

    /// <summary>destination = a − b on destination's rows.</summary>
    public void Subtract(RnsPoly a, RnsPoly b, RnsPoly destination)
    {
        Check(a, b, destination);
        for (int i = 0; i < destination.Count; i++)
        {
            ModularKernels.Subtract(a[i], b[i], destination[i], _moduli[i]);
        }
    }

    /// <summary>destination = −a on destination's rows.</summary>
    public void Negate(RnsPoly a, RnsPoly destination)
    {
        Check(a, destination);
        for (int i = 0; i < destination.Count; i++)
        {
            ModularKernels.Negate(a[i], destination[i], _moduli[i]);
        }
    }

    /// <summary>destination = a ⊙ b (coefficient-wise product; the ring product when both are in NTT form).</summary>
    public void MultiplyCoefficients(RnsPoly a, RnsPoly b, RnsPoly destination)
    {
        Check(a, b, destination);
        for (int i = 0; i < destination.Count; i++)
        {
            ModularKernels.Multiply(a[i], b[i], destination[i], _moduli[i]);
        }
    }

    /// <summary>destination += a ⊙ b.</summary>
    public void MultiplyCoefficientsAdd(RnsPoly a, RnsPoly b, RnsPoly destination)
    {
        Check(a, b, destination);
        for (int i = 0; i < destination.Count; i++)
        {
            ModularKernels.MultiplyAdd(a[i], b[i], destination[i], _moduli[i]);
        }
    }

    /// <summary>destination = a · c for an integer constant given by its residues (one per row).</summary>
    public void MultiplyConstant(RnsPoly a, ReadOnlySpan<ulong> residues, RnsPoly destination)
    {
        Check(a, destination);
        Guard.LengthAtLeast(residues.Length, destination.Count, nameof(residues));
        for (int i = 0; i < destination.Count; i++)
        {
            ModularKernels.MultiplyConstant(a[i], _moduli[i].Shoup(residues[i]), destination[i], _moduli[i]);
        }
    }

    /// <summary>destination += a · c for an integer constant given by its residues (one per row).</summary>
    public void MultiplyConstantAdd(RnsPoly a, ReadOnlySpan<ulong> residues, RnsPoly destination)
    {
        Check(a, destination);
        Guard.LengthAtLeast(residues.Length, destination.Count, nameof(residues));
        for (int i = 0; i < destination.Count; i++)
        {
            ModularKernels.MultiplyConstantAdd(a[i], _moduli[i].Shoup(residues[i]), destination[i], _moduli[i]);
        }
    }

    /// <summary>destination = a + c, c given by its residues: adds c to every coefficient (in NTT form, adds the
    /// constant polynomial c).</summary>
    public void AddConstant(RnsPoly a, ReadOnlySpan<ulong> residues, RnsPoly destination)
    {
        Check(a, destination);
        Guard.LengthAtLeast(residues.Length, destination.Count, nameof(residues));
        for (int i = 0; i < destination.Count; i++)
        {
            ModularKernels.AddConstant(a[i], residues[i], destination[i], _moduli[i]);
        }
    }

    /// <summary>Returns the residues of an integer modulo the first <paramref name="count"/> primes.</summary>
    public ulong[] Residues(BigInteger value, int count)
    {
        var result = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = _moduli[i].Reduce(value);
        }

        return result;
    }

    /// <summary>Returns the residues of a signed 64-bit integer modulo the first <paramref name="count"/> primes.</summary>
    public ulong[] Residues(long value, int count)
    {
        var result = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = _moduli[i].ReduceSigned(value);
        }

        return result;
    }

    private void Check(RnsPoly poly)
    {
        ArgumentNullException.ThrowIfNull(poly);
        Guard.IsTrue(poly.N == N && poly.Count <= Count, nameof(poly), $"must have N = {N} and at most {Count} rows");
    }

    private void Check(RnsPoly a, RnsPoly destination)
    {
        Check(destination);
        ArgumentNullException.ThrowIfNull(a);
        Guard.IsTrue(a.N == N && a.Count >= destination.Count, nameof(a), "must have at least as many rows as the destination");
    }

    private void Check(RnsPoly a, RnsPoly b, RnsPoly destination)
    {
        Check(a, destination);
        ArgumentNullException.ThrowIfNull(b);
        Guard.IsTrue(b.N == N && b.Count >= destination.Count, nameof(b), "must have at least as many rows as the destination");
    }
}
