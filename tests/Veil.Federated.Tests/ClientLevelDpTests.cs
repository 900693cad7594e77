using Veil.Federated.Privacy;
using Veil.Privacy.Accounting;

namespace Veil.Federated.Tests;

public class ClientLevelDpTests
{
    private static double Std(float[] values) => Math.Sqrt(values.Average(v => (double)v * v));

    [Fact]
    public void ServerNoiseHasDeviationZTimesC()
    {
        var options = new ClientDpOptions { NoiseMultiplier = 1.3, ClipNorm = 0.4 };
        using var dp = new ClientLevelDp(options, population: 1000, clientsPerRound: 100);
        float[] values = new float[200_000];
        dp.AddNoise(values, byClient: true);
        Assert.All(values, v => Assert.Equal(0f, v)); // clients add nothing under server placement
        dp.AddNoise(values, byClient: false);
        Assert.InRange(Std(values), 1.3 * 0.4 * 0.98, 1.3 * 0.4 * 1.02);
    }

    [Fact]
    public void DistributedNoiseSumsToTheSameDeviation()
    {
        var options = new ClientDpOptions { NoiseMultiplier = 2.0, ClipNorm = 1.0, Placement = NoisePlacement.Distributed };
        using var dp = new ClientLevelDp(options, population: 100, clientsPerRound: 16);
        float[] one = new float[100_000];
        dp.AddNoise(one, byClient: true);
        Assert.InRange(Std(one), 0.5 * 0.98, 0.5 * 1.02); // 2·1/√16
        float[] sum = new float[100_000];
        for (int c = 0; c < 16; c++)
        {
            float[] share = new float[sum.Length];
            dp.AddNoise(share, byClient: true);
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += share[i];
            }
        }

        Assert.InRange(Std(sum), 2.0 * 0.98, 2.0 * 1.02);
        float[] server = new float[10];
        dp.AddNoise(server, byClient: false);
        Assert.All(server, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ClippingBoundsTheNormAndReportsTheBit()
    {
        using var dp = new ClientLevelDp(new ClientDpOptions { ClipNorm = 1.0 }, 10, 5);
        float[] small = [0.3f, 0.4f];
        Assert.Equal(1, dp.Clip(small));
        Assert.Equal([0.3f, 0.4f], small);
        float[] large = [3f, 4f];
        Assert.Equal(0, dp.Clip(large));
        Assert.Equal(1.0, Math.Sqrt((large[0] * large[0]) + (large[1] * large[1])), 5);
    }

    [Fact]
    public void EpsilonIsVeilPrivacysAccountantOverRounds()
    {
        var options = new ClientDpOptions { NoiseMultiplier = 1.1, ClipNorm = 1.0 };
        using var dp = new ClientLevelDp(options, population: 1000, clientsPerRound: 50);
        float[] mean = new float[4];
        for (int round = 0; round < 30; round++)
        {
            dp.FinishRound(mean, 25);
        }

        var reference = new RdpAccountant();
        reference.Compose(1.1, 0.05, 30);
        Assert.Equal(reference.GetEpsilon(1e-5), dp.Epsilon, 10);
        Assert.Equal(dp.Epsilon, ClientLevelDp.EpsilonAfter(options, 1000, 50, 30), 10);
    }

    [Fact]
    public void AdaptiveClippingShrinksCWhenEveryUpdateFitsAndSplitsTheNoise()
    {
        var options = new ClientDpOptions { NoiseMultiplier = 1.0, ClipNorm = 1.0, AdaptiveClipping = true, ClipLearningRate = 0.2 };
        using var dp = new ClientLevelDp(options, population: 1000, clientsPerRound: 100);

        // z_Δ = (z^-2 − (2σ_b)^-2)^(-1/2) with σ_b = 100/20 = 5: slightly above z.
        Assert.Equal(1 / Math.Sqrt(1 - (1 / 100.0)), dp.UpdateNoiseMultiplier, 10);
        float[] mean = new float[4];
        for (int round = 0; round < 10; round++)
        {
            dp.FinishRound(mean, unclippedCount: 100);
        }

        // Each round with every update inside moves C by about exp(−0.2·0.5).
        Assert.InRange(dp.ClipNorm, Math.Exp(-1.0) * 0.8, Math.Exp(-1.0) * 1.25);
    }
}
