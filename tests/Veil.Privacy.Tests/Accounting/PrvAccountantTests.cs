using Veil.Privacy.Accounting;

namespace Veil.Privacy.Tests.Accounting;

public class PrvAccountantTests
{
    // RDP is a valid upper bound, so no correct accountant can prove a lower bound above it; and PRV should be the
    // tighter of the two where RDP's conversion loses most (many steps, moderate epsilon).
    [Theory]
    [InlineData(1.1, 256.0 / 60000, 14063)]
    [InlineData(1.5, 0.04, 2250)]
    [InlineData(4.0, 0.01, 10000)]
    public void LowerBoundNeverExceedsRdpAndUpperBoundIsTighter(double sigma, double q, long steps)
    {
        var prv = new PrvAccountant();
        prv.Compose(sigma, q, steps);
        var rdp = new RdpAccountant();
        rdp.Compose(sigma, q, steps);
        PrvGuarantee guarantee = prv.GetGuarantee(1e-5);
        double rdpEpsilon = rdp.GetEpsilon(1e-5);
        Assert.True(guarantee.Lower <= rdpEpsilon);
        Assert.True(guarantee.Upper < rdpEpsilon, $"PRV {guarantee.Upper} vs RDP {rdpEpsilon}");
    }

    [Fact]
    public void TheIntervalIsAsWideAsTheEpsilonErrorAsked()
    {
        var accountant = new PrvAccountant(new PrvAccuracy(epsilonError: 0.05));
        accountant.Compose(1.0, 0.01, 1000);
        PrvGuarantee guarantee = accountant.GetGuarantee(1e-5);
        Assert.InRange(guarantee.Upper - guarantee.Estimate, 0.05, 0.06);
        Assert.InRange(guarantee.Estimate - guarantee.Lower, 0.05, 0.06);
    }

    [Fact]
    public void HeterogeneousRunsComposeInAnyOrder()
    {
        var forward = new PrvAccountant();
        forward.Compose(1.0, 0.02, 300);
        forward.Compose(2.0, 0.05, 200);
        var backward = new PrvAccountant();
        backward.Compose(2.0, 0.05, 200);
        backward.Compose(1.0, 0.02, 300);
        var first = new PrvAccountant();
        first.Compose(1.0, 0.02, 300);

        double both = forward.GetGuarantee(1e-5).Estimate;
        Assert.Equal(both, backward.GetGuarantee(1e-5).Estimate, 1e-9);
        Assert.True(both > first.GetGuarantee(1e-5).Estimate + 0.1);
        Assert.Equal(2, forward.History.Count);
    }

    [Fact]
    public void ComposingStepByStepMergesIntoOneRun()
    {
        var accountant = new PrvAccountant();
        for (int i = 0; i < 500; i++)
        {
            accountant.Compose(1.0, 0.01);
        }

        var batch = new PrvAccountant();
        batch.Compose(1.0, 0.01, 500);
        Assert.Single(accountant.History);
        Assert.Equal(batch.GetEpsilon(1e-5), accountant.GetEpsilon(1e-5));
    }

    [Fact]
    public void NoStepsSpendNothing()
    {
        Assert.Equal(0, new PrvAccountant().GetEpsilon(1e-5));
        var accountant = new PrvAccountant();
        accountant.Compose(1.0, 0.01, 10);
        accountant.Reset();
        Assert.Equal(0, accountant.GetEpsilon(1e-5));
    }

    [Fact]
    public void AnImpossibleAccuracyIsAClearError()
    {
        var accountant = new PrvAccountant(new PrvAccuracy(epsilonError: 1e-4, maxFftSize: 1 << 12));
        accountant.Compose(0.8, 0.05, 1000);
        var error = Assert.Throws<PrivacyParameterException>(() => accountant.GetEpsilon(1e-5));
        Assert.Contains("RDP accountant", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-1e-5)]
    [InlineData(double.NaN)]
    public void DeltaOutsideTheOpenUnitIntervalIsRefused(double delta)
    {
        var accountant = new PrvAccountant();
        accountant.Compose(1.0, 0.01, 10);
        Assert.Throws<PrivacyParameterException>(() => accountant.GetEpsilon(delta));
    }
}
