using Veil.Privacy.Sampling;
using Veil.Random;

namespace Veil.Privacy.Tests.Sampling;

public class PoissonSamplerTests
{
    [Theory]
    [InlineData(256.0 / 60000, 60000, 100)] // the MNIST setting (q 2^64 is not an integer here: the 128-bit path)
    [InlineData(0.25, 10000, 200)]          // the 64-bit path
    [InlineData(1e-30, 10000, 5)]           // the exact-rational path (q below 2^-76)
    public void BatchSizesAndInclusionsHaveTheStatedRate(double q, int n, int batches)
    {
        using var random = new AesCtrPrg(Statistics.Seed($"poisson {q}"));
        var sampler = new PoissonSampler(q, random);
        var counts = new int[n];
        var sizes = new List<double>();
        var batch = new List<int>();
        for (int b = 0; b < batches; b++)
        {
            batch.Clear();
            sizes.Add(sampler.Sample(n, batch));
            Assert.Equal(batch.Order(), batch);
            foreach (int i in batch)
            {
                counts[i]++;
            }
        }

        // The total number of inclusions is Binomial(n * batches, q).
        double total = sizes.Sum(), mean = (double)n * batches * q, sd = Math.Sqrt(mean * (1 - q));
        Assert.InRange(total, mean - (Statistics.Sigmas * sd) - 0.5, mean + (Statistics.Sigmas * sd) + 0.5);
        if (q > 0.01)
        {
            (_, double variance) = Statistics.Moments(sizes);
            Assert.InRange(variance, n * q * (1 - q) * 0.5, n * q * (1 - q) * 1.5); // chi-square(199)/199 lies in [0.7, 1.35] but for 1e-6
        }
    }

    [Fact]
    public void RateOneTakesEverythingAndSeedsReproduce()
    {
        Assert.Equal(Enumerable.Range(0, 100), new PoissonSampler(1, new CryptoRandom()).SampleNew(100));
        int[] Draw(string seed)
        {
            using var random = new AesCtrPrg(Statistics.Seed(seed));
            return new PoissonSampler(0.1, random).SampleNew(1000);
        }

        Assert.Equal(Draw("p"), Draw("p"));
        Assert.NotEqual(Draw("p"), Draw("q"));
        Assert.Throws<PrivacyParameterException>(() => new PoissonSampler(0, new CryptoRandom()));
        Assert.Throws<PrivacyParameterException>(() => new PoissonSampler(1.5, new CryptoRandom()));
    }
}
