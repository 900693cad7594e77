namespace Veil.Arithmetic.Tests;

/// <summary>NTT-friendly primes of the sizes that matter: small, SEAL's default sizes, the 50-bit vector limit, and
/// beyond it (scalar paths only).</summary>
internal static class TestModuli
{
    public static readonly int[] BitSizes = [30, 43, 49, 50, 55, 61];

    /// <summary>One prime ≡ 1 mod 2^(logN+1) per bit size.</summary>
    public static IEnumerable<Modulus> For(int logN) =>
        Primes.GenerateNttPrimes(logN, BitSizes).Select(p => new Modulus(p));

    public static TheoryData<int> Sizes()
    {
        var data = new TheoryData<int>();
        foreach (int bits in BitSizes)
        {
            data.Add(bits);
        }

        return data;
    }

    public static Modulus OfBits(int bits, int logN = 12) => new(Primes.GenerateNttPrimes(logN, [bits])[0]);
}
