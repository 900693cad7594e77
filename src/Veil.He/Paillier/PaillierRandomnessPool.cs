using System.Collections.Concurrent;
using System.Numerics;
using Veil.Arithmetic.Big;
using Veil.Random;

namespace Veil.He.Paillier;

/// <summary>
/// Precomputed encryption randomness r^N mod N², each value used once: computing it is the whole cost of an encryption
/// (one exponentiation modulo N² by an exponent of N's size), so a client that precomputes while idle encrypts online
/// with one multiplication modulo N².
/// </summary>
/// <remarks>
/// Each value is taken out of the pool when used, so none is reused (reuse would reveal the difference of two plaintexts).
/// Thread-safety: safe for concurrent use (<see cref="Precompute"/> and <see cref="TryTake"/> from any threads).
/// </remarks>
public sealed class PaillierRandomnessPool
{
    private readonly ConcurrentQueue<BigInteger> _values = new();

    /// <summary>Creates an empty pool for <paramref name="key"/>.</summary>
    public PaillierRandomnessPool(PaillierPublicKey key)
    {
        Key = Guard.NotNull(key);
    }

    /// <summary>The key whose randomness this is.</summary>
    public PaillierPublicKey Key { get; }

    /// <summary>Values ready to use.</summary>
    public int Count => _values.Count;

    /// <summary>Computes <paramref name="count"/> more values on up to <paramref name="threads"/> threads (0 = all cores).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="threads"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the values computed so far stay in the pool.</exception>
    public void Precompute(int count, int threads = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ParallelOptions options = Parallelism.Options(threads);
        options.CancellationToken = cancellationToken;
        Parallel.For(0, count, options, () => new CryptoRandom(), (_, _, random) =>
        {
            _values.Enqueue(Fresh(Key, random));
            return random;
        }, _ => { });
    }

    /// <summary>Takes one value out of the pool.</summary>
    /// <returns>False when the pool is empty.</returns>
    public bool TryTake(out BigInteger value) => _values.TryDequeue(out value);

    /// <summary>A fresh r^N mod N² for a uniform r in Z*_N.</summary>
    internal static BigInteger Fresh(PaillierPublicKey key, IRandomSource random)
    {
        BigInteger r;
        do
        {
            r = LargePrimes.RandomBelow(key.N, random);
        }
        while (!BigInteger.GreatestCommonDivisor(r, key.N).IsOne);

        return key.CiphertextModulus.Pow(r, key.N);
    }
}
