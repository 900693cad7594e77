using System.Numerics;

namespace Veil.He.Paillier;

/// <summary>
/// Sums encrypted vectors from many contributors with the public key only: the aggregator multiplies ciphertexts as
/// they arrive and never sees a plaintext; the key holder decrypts the total. Each contributor is counted once.
/// </summary>
/// <remarks>
/// This is the Paillier answer to secure aggregation when one party (the key holder, who must not see individual
/// vectors) and the aggregator (who must not see any vector) do not collude. A contribution under another key, of the
/// wrong length, or from a contributor already counted is refused and leaves the sum unchanged.
/// Thread-safety: safe for concurrent use (<see cref="Add"/> takes a lock per contribution).
/// </remarks>
public sealed class EncryptedSumAggregator
{
    private readonly object _gate = new();
    private readonly HashSet<string> _contributors = new(StringComparer.Ordinal);
    private readonly BigInteger[] _product;

    /// <summary>Creates an aggregator of vectors of <paramref name="length"/> elements under <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public EncryptedSumAggregator(PaillierPublicKey key, int length)
    {
        Key = Guard.NotNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _product = new BigInteger[length];
        Array.Fill(_product, BigInteger.One);
    }

    /// <summary>The public key.</summary>
    public PaillierPublicKey Key { get; }

    /// <summary>The number of contributions added.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _contributors.Count;
            }
        }
    }

    /// <summary>Adds one contributor's vector.</summary>
    /// <param name="contributor">The contributor's identity (e.g. an authenticated client name).</param>
    /// <param name="vector">The contribution.</param>
    /// <exception cref="ParameterMismatchException">The vector was made under another key.</exception>
    /// <exception cref="VeilException">The vector has the wrong length, or this contributor was already counted.</exception>
    public void Add(string contributor, PaillierVector vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(contributor);
        ArgumentNullException.ThrowIfNull(vector);
        Key.Check(vector.Key);
        if (vector.Count != _product.Length)
        {
            throw new VeilException($"Contribution of '{contributor}' has {vector.Count} elements; the aggregate has {_product.Length}.");
        }

        lock (_gate)
        {
            if (!_contributors.Add(contributor))
            {
                throw new VeilException($"'{contributor}' has already contributed; a second contribution is refused.");
            }

            for (int i = 0; i < _product.Length; i++)
            {
                _product[i] = _product[i] * vector[i].Value % Key.NSquared;
            }
        }
    }

    /// <summary>The encrypted sum of every contribution so far (E(0) in every element before any).</summary>
    public PaillierVector Sum()
    {
        lock (_gate)
        {
            return new PaillierVector(Key, _product.Select(v => new PaillierCiphertext(v, Key.Fingerprint)));
        }
    }
}
