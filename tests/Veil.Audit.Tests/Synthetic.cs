namespace Veil.Audit.Tests;

/// <summary>Seeded Gaussian draws for synthetic score distributions.</summary>
internal sealed class Synthetic(int seed)
{
    private readonly System.Random _random = new(seed);

    public double Gaussian(double mean = 0, double sd = 1)
    {
        double u1 = 1 - _random.NextDouble(), u2 = _random.NextDouble();
        return mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    public bool Coin() => _random.Next(2) == 1;

    public int Next(int n) => _random.Next(n);

    // AUC of an equal-variance Gaussian test whose means differ by d standard deviations: Φ(d/√2).
    public static double GaussianAuc(double d) => Statistics.Normal.Cdf(d / Math.Sqrt(2));
}
