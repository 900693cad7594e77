using Veil.Random;

namespace Veil.Core.Tests.Random;

public class RandomSourceExtensionsTests
{
    [Fact]
    public void NextBelowIsUniformByChiSquare()
    {
        var random = new CryptoRandom();
        const int Bins = 10, Draws = 100_000;
        int[] counts = new int[Bins];
        for (int i = 0; i < Draws; i++)
        {
            counts[random.NextBelow(Bins)]++;
        }

        double expected = Draws / (double)Bins;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        // 9 degrees of freedom: P(chi2 > 33.7) < 1e-4.
        Assert.True(chi2 < 33.7, $"chi-square {chi2}");
    }

    [Fact]
    public void NextBelowStaysInRangeForAwkwardBounds()
    {
        using var prg = new AesCtrPrg(new byte[32]);
        foreach (ulong bound in new[] { 1UL, 3UL, (1UL << 63) + 1, ulong.MaxValue })
        {
            for (int i = 0; i < 1000; i++)
            {
                Assert.True(prg.NextBelow(bound) < bound);
            }
        }
    }

    [Fact]
    public void OpenDoublesAreStrictlyInsideTheUnitInterval()
    {
        var random = new CryptoRandom();
        for (int i = 0; i < 10_000; i++)
        {
            double u = random.NextOpenDouble();
            Assert.InRange(u, double.Epsilon, 1 - 1e-17);
        }
    }

    [Fact]
    public void CryptoRandomFillsLargeAndSmallBuffers()
    {
        var random = new CryptoRandom();
        byte[] large = new byte[10_000];
        random.Fill(large);
        Assert.True(large.Count(b => b == 0) < 200);
        ulong[] words = new ulong[3];
        random.Fill(words);
        Assert.NotEqual(words[0], words[1]);
    }
}
