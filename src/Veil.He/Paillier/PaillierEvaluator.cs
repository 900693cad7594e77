using System.Numerics;
using Veil.Arithmetic.Big;

namespace Veil.He.Paillier;

/// <summary>
/// The homomorphic operations, with the public key only: E(a)·E(b) = E(a + b), E(a)·(1 + bN) = E(a + b),
/// E(a)^k = E(k·a), all modulo N² (plaintexts modulo N).
/// </summary>
/// <remarks>
/// Ciphertexts are immutable (their values are <see cref="BigInteger"/>s), so each operation returns a new one; there
/// are no destination-passing forms. Results are not re-randomized: a result's value is a function of its inputs, so
/// before a result leaves the evaluating party, <see cref="Rerandomize"/> it if the inputs' owner must not link them.
/// Thread-safety: immutable, safe for concurrent use.
/// </remarks>
public sealed class PaillierEvaluator
{
    /// <summary>Creates an evaluator for <paramref name="key"/>.</summary>
    public PaillierEvaluator(PaillierPublicKey key)
    {
        Key = Guard.NotNull(key);
    }

    /// <summary>The public key.</summary>
    public PaillierPublicKey Key { get; }

    /// <summary>E(a + b).</summary>
    /// <exception cref="ParameterMismatchException">An operand was made under another key.</exception>
    public PaillierCiphertext Add(PaillierCiphertext a, PaillierCiphertext b)
    {
        Key.Check(a);
        Key.Check(b);
        return Make(a.Value * b.Value % Key.NSquared);
    }

    /// <summary>E(a − b).</summary>
    /// <exception cref="ParameterMismatchException">An operand was made under another key.</exception>
    public PaillierCiphertext Subtract(PaillierCiphertext a, PaillierCiphertext b) => Add(a, Negate(b));

    /// <summary>E(−a): the inverse of a's value modulo N².</summary>
    /// <exception cref="ParameterMismatchException">The operand was made under another key.</exception>
    public PaillierCiphertext Negate(PaillierCiphertext a)
    {
        Key.Check(a);
        return Make(ModularInverse.Of(a.Value, Key.NSquared));
    }

    /// <summary>E(a + b) for a plaintext integer b (any sign, reduced modulo N).</summary>
    /// <exception cref="ParameterMismatchException">The ciphertext was made under another key.</exception>
    public PaillierCiphertext AddPlain(PaillierCiphertext a, BigInteger b)
    {
        Key.Check(a);
        BigInteger reduced = BigInteger.Remainder(b, Key.N);
        if (reduced.Sign < 0)
        {
            reduced += Key.N;
        }

        return Make(a.Value * ((reduced * Key.N) + 1) % Key.NSquared);
    }

    /// <summary>E(k·a) for a plaintext integer k of any sign. The cost grows with |k|'s bit length: small scalars
    /// (fixed-point weights, counts) are cheap; a negative k costs one inversion more.</summary>
    /// <exception cref="ParameterMismatchException">The ciphertext was made under another key.</exception>
    public PaillierCiphertext MultiplyPlain(PaillierCiphertext a, BigInteger k)
    {
        Key.Check(a);
        if (k.IsZero)
        {
            return Make(BigInteger.One);
        }

        // Montgomery pays a 32-entry window table up front: worth it only for long scalars.
        BigInteger magnitude = BigInteger.Abs(k);
        BigInteger value = magnitude.GetBitLength() > 256
            ? Key.CiphertextModulus.Pow(a.Value, magnitude)
            : BigInteger.ModPow(a.Value, magnitude, Key.NSquared);
        return Make(k.Sign < 0 ? ModularInverse.Of(value, Key.NSquared) : value);
    }

    /// <summary>The same plaintext under fresh randomness: E(a)·r^N.</summary>
    /// <exception cref="ParameterMismatchException">The ciphertext was made under another key.</exception>
    public PaillierCiphertext Rerandomize(PaillierCiphertext a, PaillierEncryptor encryptor)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        return Add(a, encryptor.Encrypt(BigInteger.Zero));
    }

    /// <summary>The elementwise sum of two vectors.</summary>
    /// <exception cref="ParameterMismatchException">A vector was made under another key.</exception>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public PaillierVector Add(PaillierVector a, PaillierVector b)
    {
        CheckPair(a, b);
        var sum = new PaillierCiphertext[a.Count];
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] = Make(a[i].Value * b[i].Value % Key.NSquared);
        }

        return new PaillierVector(Key, sum);
    }

    /// <summary>E(Σ w_i·a_i): an encrypted vector's inner product with plaintext weights, on up to
    /// <paramref name="threads"/> threads (0 = all cores).</summary>
    /// <exception cref="ParameterMismatchException">The vector was made under another key.</exception>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public PaillierCiphertext DotPlain(PaillierVector a, IReadOnlyList<BigInteger> weights, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(weights);
        Key.Check(a.Key);
        Guard.IsTrue(a.Count == weights.Count, nameof(weights), $"has {weights.Count} weights for {a.Count} ciphertexts");
        var terms = new PaillierCiphertext[a.Count];
        Parallel.For(0, terms.Length, Parallelism.Options(threads), i => terms[i] = MultiplyPlain(a[i], weights[i]));
        BigInteger product = BigInteger.One;
        foreach (PaillierCiphertext term in terms)
        {
            product = product * term.Value % Key.NSquared;
        }

        return Make(product);
    }

    private void CheckPair(PaillierVector a, PaillierVector b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Key.Check(a.Key);
        Key.Check(b.Key);
        Guard.IsTrue(a.Count == b.Count, nameof(b), $"has {b.Count} elements, the other vector {a.Count}");
    }

    private PaillierCiphertext Make(BigInteger value) => new(value, Key.Fingerprint);
}
