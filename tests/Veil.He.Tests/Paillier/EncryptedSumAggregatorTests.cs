using System.Numerics;
using Veil.He.Paillier;

namespace Veil.He.Tests.Paillier;

public class EncryptedSumAggregatorTests(PaillierKeys keys) : IClassFixture<PaillierKeys>
{
    [Fact]
    public void Sum_of_fixed_point_updates_equals_the_plain_sum_within_rounding()
    {
        const int Clients = 5, Length = 7, FractionalBits = 24;
        PaillierPublicKey key = keys.Pair.PublicKey;
        var aggregator = new EncryptedSumAggregator(key, Length);
        var random = new System.Random(3);
        double[] expected = new double[Length];
        Parallel.For(0, Clients, client =>
        {
            double[] update;
            lock (random)
            {
                update = [.. Enumerable.Range(0, Length).Select(_ => (random.NextDouble() * 20) - 10)];
            }

            lock (expected)
            {
                for (int i = 0; i < Length; i++)
                {
                    expected[i] += update[i];
                }
            }

            aggregator.Add($"client-{client}", keys.Encryptor.EncryptVector([.. update.Select(u => PaillierEncoding.EncodeFixed(u, FractionalBits, key))]));
        });

        Assert.Equal(Clients, aggregator.Count);
        BigInteger[] sum = keys.Decryptor.DecryptVector(aggregator.Sum());
        for (int i = 0; i < Length; i++)
        {
            // Each client's value is rounded by at most 2^-25.
            Assert.InRange(Math.Abs(PaillierEncoding.DecodeFixed(sum[i], FractionalBits, key) - expected[i]), 0, Clients * Math.ScaleB(1, -25) + 1e-12);
        }
    }

    [Fact]
    public void Replays_wrong_lengths_and_foreign_keys_are_refused_and_leave_the_sum_unchanged()
    {
        PaillierPublicKey key = keys.Pair.PublicKey;
        var aggregator = new EncryptedSumAggregator(key, 2);
        aggregator.Add("a", keys.Encryptor.EncryptVector([1, 2]));
        Assert.Throws<VeilException>(() => aggregator.Add("a", keys.Encryptor.EncryptVector([10, 20])));
        Assert.Throws<VeilException>(() => aggregator.Add("b", keys.Encryptor.EncryptVector([1, 2, 3])));
        Assert.Throws<ParameterMismatchException>(() => aggregator.Add("c", new PaillierEncryptor(keys.Other.PublicKey).EncryptVector([1, 2])));
        aggregator.Add("d", keys.Encryptor.EncryptVector([3, 4]));
        Assert.Equal(2, aggregator.Count);
        Assert.Equal([4, 6], keys.Decryptor.DecryptVector(aggregator.Sum()));
    }
}
