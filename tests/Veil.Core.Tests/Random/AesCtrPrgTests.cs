using Veil.Random;

namespace Veil.Core.Tests.Random;

public class AesCtrPrgTests
{
    [Fact]
    public void SameSeedAndStreamGiveTheSameBytesWhateverTheChunking()
    {
        byte[] seed = AesCtrPrg.NewSeed();
        using var a = new AesCtrPrg(seed, 5);
        using var b = new AesCtrPrg(seed, 5);
        byte[] whole = new byte[20_000];
        a.Fill(whole);
        byte[] pieces = new byte[20_000];
        int at = 0;
        foreach (int size in new[] { 1, 7, 8, 4096, 13, 8192, 7683 })
        {
            b.Fill(pieces.AsSpan(at, size));
            at += size;
        }

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void DifferentStreamsAndSeedsDiffer()
    {
        byte[] seed = AesCtrPrg.NewSeed();
        using var a = new AesCtrPrg(seed, 0);
        using var b = new AesCtrPrg(seed, 1);
        using var c = new AesCtrPrg(AesCtrPrg.NewSeed(), 0);
        ulong x = a.NextUInt64(), y = b.NextUInt64(), z = c.NextUInt64();
        Assert.NotEqual(x, y);
        Assert.NotEqual(x, z);
    }

    [Fact]
    public void MatchesAesCtrKnownAnswer()
    {
        // AES-256 with an all-zero key encrypting the all-zero block (FIPS-197 style known answer):
        // counter block 0 of stream 0 is the zero block.
        using var prg = new AesCtrPrg(new byte[32], 0);
        byte[] first = new byte[16];
        prg.Fill(first);
        Assert.Equal("dc95c078a2408989ad48a21492842087", Convert.ToHexStringLower(first));
    }

    [Fact]
    public void AWrongSeedLengthIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new AesCtrPrg(new byte[16]));
    }
}
