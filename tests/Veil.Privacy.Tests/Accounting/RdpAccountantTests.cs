using Veil.Privacy.Accounting;

namespace Veil.Privacy.Tests.Accounting;

public class RdpAccountantTests
{
    // The fractional-order series, evaluated just off an integer order, must agree with the exact binomial sum there
    // (RDP is continuous in the order).
    [Theory]
    [InlineData(1.1, 0.01, 5)]
    [InlineData(0.7, 0.2, 3)]
    [InlineData(4.0, 0.001, 32)]
    [InlineData(0.5, 0.05, 8)]
    public void FractionalSeriesAgreesWithBinomialSumAtIntegerOrders(double sigma, double q, int order)
    {
        double integer = SampledGaussianRdp.Compute(sigma, q, order);
        double nearby = SampledGaussianRdp.Compute(sigma, q, order + 1e-9);
        Assert.Equal(integer, nearby, Math.Max(1e-12, integer * 1e-6));
    }

    [Theory]
    [InlineData(1.0, 2.5)]
    [InlineData(3.0, 64)]
    public void WithoutSubsamplingItIsTheGaussianMechanism(double sigma, double order)
    {
        Assert.Equal(order / (2 * sigma * sigma), SampledGaussianRdp.Compute(sigma, 1.0, order), 1e-15);
    }

    // Without subsampling the exact epsilon is known (Balle and Wang 2018); RDP must bound it from above, not far.
    [Theory]
    [InlineData(1.0, 10, 1e-5)]
    [InlineData(3.0, 100, 1e-6)]
    public void BoundsTheExactGaussianEpsilonFromAbove(double sigma, long steps, double delta)
    {
        var accountant = new RdpAccountant();
        accountant.Compose(sigma, 1.0, steps);
        double exact = AnalyticGaussian.Epsilon(delta, sigma / Math.Sqrt(steps));
        double rdp = accountant.GetEpsilon(delta);
        Assert.InRange(rdp, exact, exact * 1.25);
    }

    [Fact]
    public void HeterogeneousRunsAddTheirRdpCurves()
    {
        var both = new RdpAccountant(RdpOrders.Opacus);
        both.Compose(1.0, 0.02, 300);
        both.Compose(2.0, 0.05, 200);
        var first = new RdpAccountant(RdpOrders.Opacus);
        first.Compose(1.0, 0.02, 300);
        var second = new RdpAccountant(RdpOrders.Opacus);
        second.Compose(2.0, 0.05, 200);

        double[] sum = both.GetRdp(), a = first.GetRdp(), b = second.GetRdp();
        for (int i = 0; i < sum.Length; i++)
        {
            Assert.Equal(a[i] + b[i], sum[i], Math.Max(1e-15, sum[i] * 1e-13));
        }

        Assert.Equal(2, both.History.Count);
        Assert.True(both.GetEpsilon(1e-5) > Math.Max(first.GetEpsilon(1e-5), second.GetEpsilon(1e-5)));
    }

    [Fact]
    public void RefiningTheOrderNeverLoosensTheBound()
    {
        var grid = new RdpAccountant(new RdpOrders(RdpOrders.Default.Values, refine: false));
        var refined = new RdpAccountant(RdpOrders.Default);
        grid.Compose(1.1, 256.0 / 60000, 14063);
        refined.Compose(1.1, 256.0 / 60000, 14063);
        RdpGuarantee g = grid.GetGuarantee(1e-5), r = refined.GetGuarantee(1e-5);
        Assert.True(r.Epsilon <= g.Epsilon);
        Assert.Equal(r.Epsilon, RdpConversion.Epsilon(r.Order, refined.GetRdp(r.Order), 1e-5), 1e-12);
    }

    [Fact]
    public void EpsilonGrowsWithStepsAndSampleRateAndShrinksWithNoise()
    {
        static double Epsilon(double sigma, double q, long steps)
        {
            var accountant = new RdpAccountant();
            accountant.Compose(sigma, q, steps);
            return accountant.GetEpsilon(1e-5);
        }

        Assert.True(Epsilon(1.0, 0.01, 2000) > Epsilon(1.0, 0.01, 1000));
        Assert.True(Epsilon(1.0, 0.02, 1000) > Epsilon(1.0, 0.01, 1000));
        Assert.True(Epsilon(1.2, 0.01, 1000) < Epsilon(1.0, 0.01, 1000));
    }

    [Fact]
    public void DeltaAndEpsilonAreInverse()
    {
        var accountant = new RdpAccountant(RdpOrders.Opacus);
        accountant.Compose(1.0, 0.01, 1000);
        RdpGuarantee guarantee = accountant.GetGuarantee(1e-6);
        double delta = RdpConversion.Delta(guarantee.Order, accountant.GetRdp(guarantee.Order), guarantee.Epsilon);
        Assert.Equal(1e-6, delta, 1e-15);
        Assert.True(accountant.GetDelta(guarantee.Epsilon) <= 1e-6 * (1 + 1e-9));
    }

    [Theory]
    [InlineData(0.0, 0.01)]
    [InlineData(-1.0, 0.01)]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, 1.5)]
    [InlineData(double.NaN, 0.5)]
    public void InvalidMechanismsAreRefused(double sigma, double q)
    {
        Assert.Throws<PrivacyParameterException>(() => new SampledGaussianSteps(sigma, q, 10));
    }

    [Fact]
    public void NegativeStepsAndBadOrdersAreRefused()
    {
        Assert.Throws<PrivacyParameterException>(() => new SampledGaussianSteps(1, 0.1, -1));
        Assert.Throws<PrivacyParameterException>(() => new RdpOrders([1.0], refine: false));
        Assert.Throws<PrivacyParameterException>(() => new RdpOrders([], refine: false));
        Assert.Throws<PrivacyParameterException>(() => SampledGaussianRdp.Compute(1, 0.1, 0.5));
    }
}
