using System.Security.Cryptography;
using Veil.Federated.SecureAggregation;

namespace Veil.Federated.Tests;

public class ShamirSharingTests
{
    [Fact]
    public void AnyThresholdSubsetRebuildsTheSecretAndFewerDoNot()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        long[] points = [1, 2, 3, 4, 5, 6, 7];
        ulong[][] shares = ShamirSharing.Split(secret, 4, points);
        Assert.Equal(secret, ShamirSharing.Combine([2, 4, 6, 7], [shares[1], shares[3], shares[5], shares[6]]));
        Assert.Equal(secret, ShamirSharing.Combine(points, shares));
        Assert.NotEqual(secret, ShamirSharing.Combine([1, 2, 3], [shares[0], shares[1], shares[2]]));
    }

    [Fact]
    public void SecretsOfAllOnesAndZerosRoundTrip()
    {
        foreach (byte fill in new byte[] { 0, 0xFF })
        {
            byte[] secret = Enumerable.Repeat(fill, 32).ToArray();
            ulong[][] shares = ShamirSharing.Split(secret, 2, [10, 20, 30]);
            Assert.Equal(secret, ShamirSharing.Combine([30, 10], [shares[2], shares[0]]));
        }
    }

    [Fact]
    public void MalformedInputIsRefused()
    {
        Assert.Throws<ArgumentException>(() => ShamirSharing.Split(new byte[31], 2, [1, 2]));
        Assert.Throws<ArgumentException>(() => ShamirSharing.Split(new byte[32], 2, [1, 1]));
        Assert.Throws<ArgumentException>(() => ShamirSharing.Split(new byte[32], 2, [0, 1]));
        Assert.Throws<ArgumentException>(() => ShamirSharing.Combine([1], [new ulong[4]]));
        Assert.Throws<ArgumentException>(() => ShamirSharing.Combine([1], [[ShamirSharing.Prime, 0, 0, 0, 0]]));
    }
}
