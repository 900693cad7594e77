using Veil.Arithmetic;
using Veil.He.Ckks;
using Veil.He.Rlwe;
using Veil.Random;

namespace Veil.He.Tests;

public class InternalsTests
{
    [Fact]
    public void TheNttPermutationIsTheCoefficientAutomorphism()
    {
        Parameters parameters = Parameters.Create(CkksPresets.Seal8192);
        NttTables tables = parameters.RingQ.Tables[0];
        var random = new System.Random(30);
        ulong[] a = Enumerable.Range(0, parameters.N).Select(_ => (ulong)random.NextInt64((long)tables.Modulus.Value)).ToArray();
        foreach (ulong g in new[] { Automorphism.RotationElement(parameters.LogN, 3), Automorphism.ConjugationElement(parameters.LogN), 5UL })
        {
            var viaCoefficients = new ulong[a.Length];
            Automorphism.ApplyCoefficients(a, g, viaCoefficients, tables.Modulus);
            Ntt.Forward(viaCoefficients, tables);
            ulong[] transformed = (ulong[])a.Clone();
            Ntt.Forward(transformed, tables);
            var viaSlots = new ulong[a.Length];
            Automorphism.Permute(transformed, Automorphism.NttPermutation(parameters.LogN, g), viaSlots);
            Assert.Equal(viaCoefficients, viaSlots);
        }
    }

    [Fact]
    public void TheGaussianHasTheStatedSpreadAndBound()
    {
        var samples = new long[200_000];
        Sampling.Gaussian(new CryptoRandom(), samples);
        double mean = samples.Average(v => (double)v);
        double deviation = Math.Sqrt(samples.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(deviation, 3.15, 3.25);
        Assert.True(samples.All(v => Math.Abs(v) <= Parameters.ErrorBound));
        Assert.Contains(samples, v => Math.Abs(v) >= 12);
    }

    [Fact]
    public void TheTernarySecretIsUniform()
    {
        var samples = new long[90_000];
        Sampling.Ternary(new CryptoRandom(), samples);
        foreach (int value in new[] { -1, 0, 1 })
        {
            Assert.InRange(samples.Count(v => v == value), 29_000, 31_000);
        }
    }

    [Fact]
    public void UniformPolynomialsAreDeterministicInTheSeedAndBelowEachModulus()
    {
        Parameters parameters = Parameters.Create(CkksPresets.N8192Depth3);
        byte[] seed = AesCtrPrg.NewSeed();
        RnsPoly a = parameters.RingQ.NewPoly(), b = parameters.RingQ.NewPoly(2);
        SeededCiphertext.ExpandUniform(parameters, seed, a);
        SeededCiphertext.ExpandUniform(parameters, seed, b);
        Assert.True(a[0].SequenceEqual(b[0]) && a[1].SequenceEqual(b[1]), "a prefix of rows does not depend on the rows that follow");
        for (int i = 0; i < a.Count; i++)
        {
            ulong q = parameters.Q[i];
            Assert.True(a[i].ToArray().All(v => v < q));
            Assert.InRange(a[i].ToArray().Average(v => v / (double)q), 0.48, 0.52);
        }
    }
}
