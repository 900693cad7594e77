using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using Veil.Arithmetic;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// A validated RLWE parameter set with its precomputed tables: ring degree N, the ciphertext primes Q = q_0 … q_L,
/// the special primes P of hybrid key switching, the default scale, a uniform ternary secret and a discrete Gaussian
/// error (σ = 3.2, bounded at 6σ). Built from a <see cref="ParametersLiteral"/> by <see cref="Create"/>.
/// </summary>
/// <remarks>
/// <para>Levels: a ciphertext at level ℓ lives modulo q_0 ⋯ q_ℓ; <see cref="MaxLevel"/> = L. Hybrid key switching splits
/// the primes of Q into digits of <see cref="DigitSize"/> = |P| consecutive primes.</para>
/// <para>Identity: <see cref="Id"/> is a SHA-256 hash of the canonical description; every key, plaintext and ciphertext
/// carries it and reading one under other parameters fails with <see cref="ParameterMismatchException"/>.</para>
/// Thread-safety: immutable (its caches are concurrent), safe for concurrent use.
/// </remarks>
public sealed class Parameters : IEquatable<Parameters>
{
    /// <summary>Standard deviation of the error distribution.</summary>
    public const double Sigma = 3.2;

    /// <summary>The error distribution is cut off at this magnitude (⌊6σ⌋).</summary>
    public const int ErrorBound = 19;

    /// <summary>The smallest and largest log2 N accepted.</summary>
    public const int MinLogN = 12, MaxLogN = 16;

    private static readonly ObjectKind Kind = HeObjectKinds.Parameters;
    private readonly ulong[] _q;
    private readonly ulong[] _p;
    private readonly byte[] _id;
    private readonly ConcurrentDictionary<ulong, int[]> _galoisPermutations = new();
    private readonly Lazy<KeySwitchingTables> _keySwitching;

    private Parameters(int logN, ulong[] q, ulong[] p, double logDefaultScale, ulong plaintextModulus)
    {
        LogN = logN;
        _q = q;
        _p = p;
        LogDefaultScale = logDefaultScale;
        DefaultScale = Math.Pow(2, logDefaultScale);
        PlaintextModulus = plaintextModulus;
        RingQ = new RnsBasis(logN, q);
        RingP = new RnsBasis(logN, p);
        LogQP = q.Concat(p).Sum(v => Math.Log2(v));
        _id = ComputeId(logN, q, p, logDefaultScale, plaintextModulus);
        _keySwitching = new Lazy<KeySwitchingTables>(() => new KeySwitchingTables(this));
    }

    /// <summary>log2 of the ring degree.</summary>
    public int LogN { get; }

    /// <summary>The ring degree N.</summary>
    public int N => 1 << LogN;

    /// <summary>The number of complex slots of a CKKS plaintext, N/2.</summary>
    public int Slots => N / 2;

    /// <summary>The ciphertext primes q_0 … q_L.</summary>
    public IReadOnlyList<ulong> Q => _q;

    /// <summary>The special primes of key switching.</summary>
    public IReadOnlyList<ulong> P => _p;

    /// <summary>The highest level, L = |Q| − 1.</summary>
    public int MaxLevel => _q.Length - 1;

    /// <summary>The default scale Δ = 2^<see cref="LogDefaultScale"/>.</summary>
    public double DefaultScale { get; }

    /// <summary>log2 of the default scale.</summary>
    public double LogDefaultScale { get; }

    /// <summary>The plaintext modulus t of a BFV parameter set; 0 for CKKS.</summary>
    public ulong PlaintextModulus { get; }

    /// <summary>True for a BFV parameter set (one with a plaintext modulus).</summary>
    public bool IsBfv => PlaintextModulus != 0;

    /// <summary>log2(Q·P), the quantity the security standard bounds.</summary>
    public double LogQP { get; }

    /// <summary>The number of primes per key-switching digit (α = |P|).</summary>
    public int DigitSize => _p.Length;

    /// <summary>The ring modulo the ciphertext primes.</summary>
    public RnsBasis RingQ { get; }

    /// <summary>The ring modulo the special primes.</summary>
    public RnsBasis RingP { get; }

    /// <summary>The parameter identity: SHA-256 of the canonical description (32 bytes).</summary>
    public ReadOnlySpan<byte> Id => _id;

    /// <summary>The first 8 bytes of <see cref="Id"/> in hex, for messages.</summary>
    public string ShortId => Convert.ToHexStringLower(_id, 0, 8);

    /// <summary>Precomputed constants of rescaling and key switching.</summary>
    internal KeySwitchingTables KeySwitching => _keySwitching.Value;

    /// <summary>Validates <paramref name="literal"/> and builds the parameters.</summary>
    /// <exception cref="InvalidParametersException">The literal is not a valid parameter set (the message says why).</exception>
    /// <exception cref="InsecureParametersException">log2(Q·P) exceeds the Homomorphic Encryption Standard's bound for
    /// 128-bit classical security at this N.</exception>
    public static Parameters Create(ParametersLiteral literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        int logN = literal.LogN;
        if (logN < MinLogN || logN > MaxLogN)
        {
            throw new InvalidParametersException($"LogN = {logN} is not supported; the ring degree must be 2^{MinLogN} to 2^{MaxLogN}.");
        }

        ulong[] q = Primes(literal.Q, literal.LogQ, logN, "Q", out int[] qBits);
        ulong[] p = Primes(literal.P, literal.LogP, logN, "P", out int[] pBits);
        if (literal.Q is null && literal.P is null)
        {
            // Generate Q and P together so no prime repeats.
            ulong[] all = GenerateOrThrow(logN, [.. qBits, .. pBits]);
            q = all[..qBits.Length];
            p = all[qBits.Length..];
        }

        if (q.Length == 0)
        {
            throw new InvalidParametersException("Q must hold at least one prime.");
        }

        if (p.Length == 0)
        {
            throw new InvalidParametersException("P must hold at least one special prime: key switching (relinearization, rotations) needs it.");
        }

        ulong[] all2 = [.. q, .. p];
        if (all2.Distinct().Count() != all2.Length)
        {
            throw new InvalidParametersException("The primes of Q and P must be distinct.");
        }

        ulong twoN = 2UL << logN;
        foreach (ulong prime in all2)
        {
            if (prime < 3 || prime >> Modulus.MaxBits != 0 || !Arithmetic.Primes.IsPrime(prime) || prime % twoN != 1)
            {
                throw new InvalidParametersException($"{prime} is not a prime of at most {Modulus.MaxBits} bits congruent to 1 mod 2N = {twoN}.");
            }
        }

        int totalBits = all2.Sum(v => 64 - BitOperations.LeadingZeroCount(v));
        int maxBits = SecurityStandard.MaxLogQP(logN);
        if (totalBits > maxBits)
        {
            throw new InsecureParametersException(
                $"Q·P has {totalBits} bits, but at N = {1 << logN} at most {maxBits} bits give {SecurityStandard.SecurityBits}-bit classical security " +
                "(Homomorphic Encryption Standard, ternary secret). Use fewer or smaller primes, or a larger LogN.");
        }

        double logScale = literal.LogDefaultScale;
        double logQ = q.Sum(v => Math.Log2(v));
        ulong t = literal.PlaintextModulus;
        if (t != 0)
        {
            CheckPlaintextModulus(t, logN, q, logQ, logScale);
        }
        else if (!double.IsFinite(logScale) || logScale <= 0 || logScale >= logQ)
        {
            throw new InvalidParametersException($"LogDefaultScale = {logScale} must be positive and below log2(Q) = {logQ:F1}.");
        }

        return new Parameters(logN, q, p, logScale, t);
    }

    /// <summary>Returns the literal that recreates these parameters (with explicit primes).</summary>
    public ParametersLiteral ToLiteral() =>
        new() { LogN = LogN, Q = _q.ToArray(), P = _p.ToArray(), LogDefaultScale = LogDefaultScale, PlaintextModulus = PlaintextModulus };

    /// <summary>The product q_0 ⋯ q_level.</summary>
    public BigInteger ModulusAtLevel(int level) => RingQ.Product(level + 1);

    /// <summary>log2 of q_0 ⋯ q_level.</summary>
    public double LogModulusAtLevel(int level)
    {
        double sum = 0;
        for (int i = 0; i <= level; i++)
        {
            sum += Math.Log2(_q[i]);
        }

        return sum;
    }

    /// <summary>The number of key-switching digits at <paramref name="level"/>: ⌈(level + 1) / α⌉.</summary>
    public int DigitCount(int level) => ((level + 1) + DigitSize - 1) / DigitSize;

    /// <summary>Throws unless <paramref name="level"/> is in [0, <see cref="MaxLevel"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is out of range.</exception>
    public void CheckLevel(int level)
    {
        if (level < 0 || level > MaxLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"The level must be in [0, {MaxLevel}].");
        }
    }

    /// <summary>The permutation of NTT slots that the automorphism X ↦ X^g applies: out[k] = in[perm[k]].</summary>
    internal int[] GaloisPermutation(ulong galoisElement) =>
        _galoisPermutations.GetOrAdd(galoisElement, g => Automorphism.NttPermutation(LogN, g));

    /// <summary>Writes the parameters as a versioned Veil object ("HEPA").</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter();
        WritePayload(writer, LogN, _q, _p, LogDefaultScale, PlaintextModulus);
        Envelope.Write(stream, Kind, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads parameters written by <see cref="WriteTo"/>, validating them again.</summary>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt or not parameters.</exception>
    /// <exception cref="InvalidParametersException">The data describes an invalid or insecure parameter set.</exception>
    public static Parameters ReadFrom(Stream stream, string source = "parameters")
    {
        var (_, reader) = Envelope.Read(stream, Kind, HeObjectKinds.Version, source, 1 << 20);
        int logN = reader.ReadInt32(MinLogN, MaxLogN, "LogN");
        ulong[] q = ReadPrimes(reader, "Q");
        ulong[] p = ReadPrimes(reader, "P");
        double logScale = reader.ReadDouble();
        ulong t = reader.Remaining > 0 ? reader.ReadUInt64() : 0; // CKKS parameters end before the plaintext modulus
        reader.EnsureEnd();
        return Create(new ParametersLiteral { LogN = logN, Q = q, P = p, LogDefaultScale = logScale, PlaintextModulus = t });
    }

    /// <inheritdoc />
    public bool Equals(Parameters? other) => other is not null && _id.AsSpan().SequenceEqual(other._id);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Parameters);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_id, 0);

    /// <inheritdoc />
    public override string ToString() => IsBfv
        ? $"BFV, N = 2^{LogN}, log2 Q·P = {LogQP:F1} ({_q.Length} + {_p.Length} primes), t = {PlaintextModulus}, id {ShortId}"
        : $"N = 2^{LogN}, log2 Q·P = {LogQP:F1} ({_q.Length} + {_p.Length} primes), scale 2^{LogDefaultScale}, id {ShortId}";

    /// <summary>Throws unless these are CKKS parameters (no plaintext modulus).</summary>
    /// <exception cref="InvalidParametersException">They are BFV parameters.</exception>
    public void EnsureCkks()
    {
        if (IsBfv)
        {
            throw new InvalidParametersException($"These are BFV parameters (t = {PlaintextModulus}); CKKS needs parameters without a plaintext modulus.");
        }
    }

    /// <summary>Throws unless these are BFV parameters (with a plaintext modulus).</summary>
    /// <exception cref="InvalidParametersException">They are CKKS parameters.</exception>
    public void EnsureBfv()
    {
        if (!IsBfv)
        {
            throw new InvalidParametersException("These are CKKS parameters; BFV needs a plaintext modulus (ParametersLiteral.PlaintextModulus).");
        }
    }

    private static void CheckPlaintextModulus(ulong t, int logN, ulong[] q, double logQ, double logScale)
    {
        ulong twoN = 2UL << logN;
        if (t < 3 || t >> Modulus.MaxBits != 0 || !Arithmetic.Primes.IsPrime(t) || t % twoN != 1)
        {
            throw new InvalidParametersException(
                $"The plaintext modulus {t} must be a prime congruent to 1 mod 2N = {twoN}, so values batch into N slots (e.g. 65537 up to N = 32768).");
        }

        if (q.Contains(t) || t >= q.Min())
        {
            throw new InvalidParametersException($"The plaintext modulus {t} must be smaller than every prime of Q.");
        }

        if (logQ - Math.Log2(t) < 2 * logN)
        {
            throw new InvalidParametersException(
                $"log2(Q / t) = {logQ - Math.Log2(t):F1} leaves no room for noise at N = {1 << logN}: use more or larger primes in Q, or a smaller t.");
        }

        if (logScale != 0)
        {
            throw new InvalidParametersException("BFV parameters have no scale: leave LogDefaultScale at 0.");
        }
    }

    private static ulong[] Primes(IReadOnlyList<ulong>? explicitPrimes, IReadOnlyList<int>? bits, int logN, string name, out int[] bitSizes)
    {
        if (explicitPrimes is not null)
        {
            bitSizes = explicitPrimes.Select(v => 64 - BitOperations.LeadingZeroCount(v)).ToArray();
            return explicitPrimes.ToArray();
        }

        if (bits is null)
        {
            throw new InvalidParametersException($"Give either {name} (the primes) or Log{name} (their bit sizes).");
        }

        bitSizes = bits.ToArray();
        foreach (int b in bitSizes)
        {
            if (b < 20 || b > Modulus.MaxBits)
            {
                throw new InvalidParametersException($"Log{name} holds {b}; prime sizes must be 20 to {Modulus.MaxBits} bits.");
            }
        }

        return GenerateOrThrow(logN, bitSizes);
    }

    private static ulong[] GenerateOrThrow(int logN, int[] bits)
    {
        try
        {
            return Arithmetic.Primes.GenerateNttPrimes(logN, bits);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidParametersException(ex.Message, ex);
        }
    }

    private static ulong[] ReadPrimes(PayloadReader reader, string what)
    {
        int count = reader.ReadInt32(0, 256, $"the number of {what} primes");
        var primes = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            primes[i] = reader.ReadUInt64();
        }

        return primes;
    }

    private static void WritePayload(PayloadWriter writer, int logN, ulong[] q, ulong[] p, double logScale, ulong plaintextModulus)
    {
        writer.WriteInt32(logN);
        writer.WriteInt32(q.Length);
        writer.WriteUInt64s(q);
        writer.WriteInt32(p.Length);
        writer.WriteUInt64s(p);
        writer.WriteDouble(logScale);
        if (plaintextModulus != 0)
        {
            // Only BFV parameters carry it, so CKKS parameters keep the bytes (and identities) they always had.
            writer.WriteUInt64(plaintextModulus);
        }
    }

    private static byte[] ComputeId(int logN, ulong[] q, ulong[] p, double logScale, ulong plaintextModulus)
    {
        var writer = new PayloadWriter();
        writer.WriteString("veil/rlwe/ternary-secret/gaussian-3.2/v1");
        WritePayload(writer, logN, q, p, logScale, plaintextModulus);
        return SHA256.HashData(writer.WrittenSpan);
    }
}
