using Veil.He.Bfv;
using Veil.He.Rlwe;
using Xunit;

namespace Veil.He.Tests.Bfv;

/// <summary>Noise: the budget a fresh ciphertext has, what products spend, and what happens when it runs out.</summary>
public sealed class BfvDepthAndNoiseTests(BfvN8192Context context) : IClassFixture<BfvN8192Context>
{
    private readonly BfvContext _c = context;

    [Fact]
    public void ThreeSequentialProductsStayExactAndSpendBudget()
    {
        ulong[] a = _c.RandomSlots(20), b = _c.RandomSlots(21), c = _c.RandomSlots(22), d = _c.RandomSlots(23);
        Ciphertext x = _c.Encrypt(a);
        int fresh = _c.Decryptor.NoiseBudget(x);

        // SEAL reports about 150 bits for a fresh ciphertext at these parameters (218-bit chain, 20-bit t).
        Assert.InRange(fresh, 130, 170);
        ulong[] expected = a;
        int previous = fresh;
        foreach (ulong[] factor in new[] { b, c, d })
        {
            _c.Evaluator.MultiplyRelinearize(x, _c.Encrypt(factor), x);
            expected = _c.Slotwise(expected, factor, (p, q, t) => p * q);
            Assert.Equal(expected, _c.Decrypt(x));
            int budget = _c.Decryptor.NoiseBudget(x);

            // Each product spends about log2(t) + log2(N) + a few bits: 33 to 45 here.
            Assert.InRange(previous - budget, 25, 50);
            previous = budget;
        }

        Assert.True(previous > 0);
    }

    [Fact]
    public void AnExhaustedBudgetReadsZeroAndDecryptsWrongly()
    {
        ulong[] a = _c.RandomSlots(24);
        Ciphertext x = _c.Encrypt(a);
        ulong[] expected = a;
        for (int i = 0; i < 6; i++)
        {
            _c.Evaluator.MultiplyRelinearize(x, x, x);
            expected = _c.Slotwise(expected, expected, (p, q, t) => p * q);
        }

        Assert.Equal(0, _c.Decryptor.NoiseBudget(x));
        Assert.NotEqual(expected, _c.Decrypt(x));
    }

    [Fact]
    public void PlainProductsSpendLessThanCiphertextProducts()
    {
        ulong[] a = _c.RandomSlots(25), b = _c.RandomSlots(26);
        Ciphertext x = _c.Encrypt(a);
        int fresh = _c.Decryptor.NoiseBudget(x);
        Ciphertext plain = _c.Evaluator.MultiplyPlainNew(x, _c.Encoder.EncodeNew(b));
        Ciphertext cipher = _c.Evaluator.MultiplyRelinearizeNew(x, _c.Encrypt(b));
        int plainBudget = _c.Decryptor.NoiseBudget(plain), cipherBudget = _c.Decryptor.NoiseBudget(cipher);
        Assert.InRange(fresh - plainBudget, 15, 40);
        Assert.True(plainBudget > cipherBudget, $"plain {plainBudget} vs ciphertext {cipherBudget}");
    }
}
