using Veil.Privacy.Accounting;

namespace Veil.Privacy.Tests.Accounting;

public class NoiseMultiplierSearchTests
{
    // Opacus, opacus/tests/accountants_test.py, test_get_noise_multiplier_rdp_steps / _rdp_epochs: target epsilon 8,
    // delta 1e-5, q 0.04; 2000 steps -> 1.3562 (4 places), int(90 / 0.04) = 2250 steps -> 1.416 (4 places). Opacus
    // stops once epsilon is within 0.01 below the target; our search with the same accountant and tolerance must land
    // within the sigma-width of that tolerance (about 1e-3 here), and Opacus's sigma must give epsilon in
    // [8 - 0.01, 8] to within its 4-decimal rounding (0.005 in epsilon).
    [Theory]
    [InlineData(2000, 1.3562)]
    [InlineData(2250, 1.416)]
    public void MatchesOpacusRdpNoiseSearch(long steps, double published)
    {
        double Epsilon(double sigma)
        {
            var accountant = new RdpAccountant(RdpOrders.Opacus);
            accountant.Compose(sigma, 0.04, steps);
            return accountant.GetEpsilon(1e-5);
        }

        NoiseSearchResult result = NoiseMultiplierSearch.Find(Epsilon, 8, epsilonTolerance: 0.01);
        Assert.Equal(published, result.NoiseMultiplier, 2e-3);
        Assert.InRange(Epsilon(published), 8 - 0.015, 8 + 0.005);
    }

    // Opacus, the same file, test_get_noise_multiplier_prv_steps / _prv_epochs: 2000 steps -> 1.2915, 2250 steps ->
    // 1.34765625 with the PRV accountant (epsilon = its upper bound). Ours: the same construction, independent
    // discretisation (upper bounds agree within 3e-3, see PrvPublishedValuesTests).
    [Theory]
    [InlineData(2000, 1.2915)]
    [InlineData(2250, 1.34765625)]
    public void MatchesOpacusPrvNoiseSearch(long steps, double published)
    {
        NoiseSearchResult result = NoiseMultiplierSearch.Find(8, 1e-5, 0.04, steps, AccountantKind.Prv, epsilonTolerance: 0.01);
        Assert.Equal(published, result.NoiseMultiplier, 3e-3);
        Assert.InRange(result.Epsilon, 8 - 0.01, 8);
    }

    // TF Privacy, tensorflow_privacy/privacy/analysis/compute_noise_from_budget.py (module docstring): N = 60000,
    // batch 256, epsilon 2.92, 60 epochs, delta 1e-5 -> "should use a noise multiplier of 1.12" (two decimals), with the
    // classic conversion on the grid 1.1, ..., 10.9, 12, ..., 63.
    [Fact]
    public void MatchesTfPrivacyComputeNoiseFromBudget()
    {
        double q = 256.0 / 60000;
        long steps = (long)Math.Ceiling(60 * 60000 / 256.0);
        double ClassicEpsilon(double sigma)
        {
            var accountant = new RdpAccountant(RdpOrders.Opacus);
            accountant.Compose(sigma, q, steps);
            double[] orders = accountant.GetSortedOrders(), rdp = accountant.GetRdp();
            return orders.Select((order, i) => RdpConversion.ClassicEpsilon(order, rdp[i], 1e-5)).Min();
        }

        Assert.Equal(1.12, NoiseMultiplierSearch.Find(ClassicEpsilon, 2.92).NoiseMultiplier, 0.005);
    }

    [Theory]
    [InlineData(1.0, 1e-5, 0.01, 1000)]
    [InlineData(3.0, 1e-5, 256.0 / 60000, 14063)]
    [InlineData(8.0, 1e-6, 0.1, 500)]
    public void TheAnswerMeetsTheTargetWithinTolerance(double target, double delta, double q, long steps)
    {
        NoiseSearchResult result = NoiseMultiplierSearch.Find(target, delta, q, steps);
        var accountant = new RdpAccountant();
        accountant.Compose(result.NoiseMultiplier, q, steps);
        double epsilon = accountant.GetEpsilon(delta);
        Assert.Equal(result.Epsilon, epsilon);
        Assert.InRange(epsilon, target - 1e-3, target);
    }

    [Fact]
    public void NoiseFallsWithEpsilonAndRisesWithStepsAndSampleRate()
    {
        static double Sigma(double epsilon, double q, long steps) => NoiseMultiplierSearch.Find(epsilon, 1e-5, q, steps).NoiseMultiplier;

        double[] sigmas = [.. new[] { 0.5, 1, 2, 4, 8 }.Select(e => Sigma(e, 0.01, 1000))];
        for (int i = 1; i < sigmas.Length; i++)
        {
            Assert.True(sigmas[i] < sigmas[i - 1]);
        }

        Assert.True(Sigma(2, 0.01, 2000) > Sigma(2, 0.01, 1000));
        Assert.True(Sigma(2, 0.02, 1000) > Sigma(2, 0.01, 1000));
    }

    [Fact]
    public void AnUnreachableTargetIsAClearError()
    {
        var error = Assert.Throws<PrivacyParameterException>(() => NoiseMultiplierSearch.Find(1e-9, 1e-5, 1.0, 1_000_000));
        Assert.Contains("noise multiplier above", error.Message);
        Assert.Throws<PrivacyParameterException>(() => NoiseMultiplierSearch.Find(-1, 1e-5, 0.01, 100));
        Assert.Throws<PrivacyParameterException>(() => NoiseMultiplierSearch.Find(1, 1e-5, 0.01, 0));
    }
}
