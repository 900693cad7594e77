using Veil.He.Bfv;
using Veil.He.Rlwe;
using Xunit;

namespace Veil.He.Tests.Bfv;

/// <summary>BFV against plaintext modular arithmetic: every result must equal the slot-wise result modulo t exactly.</summary>
public sealed class BfvArithmeticTests(BfvN4096Context context) : IClassFixture<BfvN4096Context>
{
    private readonly BfvContext _c = context;

    [Fact]
    public void EncodeDecodeRoundTripsUnsignedAndSigned()
    {
        ulong[] values = _c.RandomSlots(1);
        Assert.Equal(values, _c.Encoder.DecodeNew(_c.Encoder.EncodeNew(values)));

        long half = (long)(_c.T - 1) / 2;
        var random = new System.Random(2);
        long[] signed = Enumerable.Range(0, _c.N).Select(_ => random.NextInt64(-half, half + 1)).ToArray();
        signed[0] = -half;
        signed[1] = half;
        Assert.Equal(signed, _c.Encoder.DecodeSignedNew(_c.Encoder.EncodeNew(signed)));
    }

    [Fact]
    public void EncodingIsARingHomomorphismOnSlots()
    {
        // The product of two encoded polynomials modulo (X^N + 1, t) holds the slot-wise products: what makes batching work.
        ulong[] a = _c.RandomSlots(3), b = _c.RandomSlots(4);
        BfvPlaintext pa = _c.Encoder.EncodeNew(a), pb = _c.Encoder.EncodeNew(b);
        var product = new BfvPlaintext(_c.Parameters);
        NegacyclicProduct(pa.Coefficients, pb.Coefficients, product.Coefficients, _c.T);
        Assert.Equal(_c.Slotwise(a, b, (x, y, t) => x * y), _c.Encoder.DecodeNew(product));
    }

    [Fact]
    public void FewerValuesLeaveZeroSlots()
    {
        ulong[] decoded = _c.Encoder.DecodeNew(_c.Encoder.EncodeNew(new ulong[] { 5, 6, 7 }));
        Assert.Equal(new ulong[] { 5, 6, 7 }, decoded[..3]);
        Assert.All(decoded[3..], v => Assert.Equal(0UL, v));
    }

    [Fact]
    public void EncodeRefusesValuesOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _c.Encoder.EncodeNew(new ulong[] { _c.T }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _c.Encoder.EncodeNew(new long[] { (long)_c.T / 2 + 1 }));
        Assert.Throws<ArgumentException>(() => _c.Encoder.EncodeNew(new ulong[_c.N + 1]));
    }

    [Fact]
    public void PublicAndSymmetricEncryptionDecrypt()
    {
        ulong[] values = _c.RandomSlots(5);
        Assert.Equal(values, _c.Decrypt(_c.Encrypt(values)));

        var symmetric = new BfvEncryptor(_c.Parameters, _c.SecretKey);
        Assert.Equal(values, _c.Decrypt(symmetric.EncryptNew(_c.Encoder.EncodeNew(values))));
        using var stream = new MemoryStream();
        symmetric.EncryptSeededNew(_c.Encoder.EncodeNew(values)).WriteTo(stream);
        stream.Position = 0;
        Assert.Equal(values, _c.Decrypt(Ciphertext.ReadFrom(stream, _c.Parameters)));
        Assert.Throws<InvalidOperationException>(() => _c.Encryptor.EncryptSeededNew(_c.Encoder.EncodeNew(values)));
    }

    [Fact]
    public void AdditionSubtractionAndNegationMatchModularArithmetic()
    {
        ulong[] a = _c.RandomSlots(6), b = _c.RandomSlots(7);
        Ciphertext ca = _c.Encrypt(a), cb = _c.Encrypt(b);
        BfvEvaluator e = _c.Evaluator;
        Assert.Equal(_c.Slotwise(a, b, (x, y, t) => x + y), _c.Decrypt(e.AddNew(ca, cb)));
        Assert.Equal(_c.Slotwise(a, b, (x, y, t) => x + t - y), _c.Decrypt(e.SubtractNew(ca, cb)));
        Assert.Equal(_c.Slotwise(a, b, (x, y, t) => t - x), _c.Decrypt(e.NegateNew(ca)));

        BfvPlaintext pb = _c.Encoder.EncodeNew(b);
        Assert.Equal(_c.Slotwise(a, b, (x, y, t) => x + y), _c.Decrypt(e.AddPlainNew(ca, pb)));
        Assert.Equal(_c.Slotwise(a, b, (x, y, t) => x + t - y), _c.Decrypt(e.SubtractPlainNew(ca, pb)));

        // In place: the destination is an operand.
        Ciphertext copy = ca.Clone();
        e.Add(copy, cb, copy);
        Assert.Equal(_c.Slotwise(a, b, (x, y, t) => x + y), _c.Decrypt(copy));
    }

    [Fact]
    public void ProductsMatchModularArithmetic()
    {
        ulong[] a = _c.RandomSlots(8), b = _c.RandomSlots(9);
        Ciphertext ca = _c.Encrypt(a), cb = _c.Encrypt(b);
        BfvEvaluator e = _c.Evaluator;
        ulong[] expected = _c.Slotwise(a, b, (x, y, t) => x * y);

        Assert.Equal(expected, _c.Decrypt(e.MultiplyPlainNew(ca, _c.Encoder.EncodeNew(b))));
        Ciphertext product = e.MultiplyNew(ca, cb);
        Assert.Equal(2, product.Degree);
        Assert.Equal(expected, _c.Decrypt(product));
        Ciphertext relinearized = e.RelinearizeNew(product);
        Assert.Equal(1, relinearized.Degree);
        Assert.Equal(expected, _c.Decrypt(relinearized));
        Assert.Equal(_c.Slotwise(a, a, (x, y, t) => x * y), _c.Decrypt(e.SquareNew(ca)));

        // A degree-2 and a degree-1 ciphertext add to degree 2.
        Assert.Equal(_c.Slotwise(expected, a, (x, y, t) => x + y), _c.Decrypt(e.AddNew(product, ca)));
        Assert.Equal(_c.Slotwise(a, expected, (x, y, t) => x + t - y), _c.Decrypt(e.SubtractNew(ca, product)));
    }

    [Fact]
    public void RowRotationsAndTheRowSwapMoveSlots()
    {
        ulong[] a = _c.RandomSlots(10);
        Ciphertext ca = _c.Encrypt(a);
        int half = _c.N / 2;
        foreach (int step in new[] { 1, 3, -1, 7, 100, 5 })
        {
            ulong[] expected = new ulong[_c.N];
            for (int col = 0; col < half; col++)
            {
                int source = ((col + step) % half + half) % half;
                expected[col] = a[source];
                expected[half + col] = a[half + source];
            }

            Assert.Equal(expected, _c.Decrypt(_c.Evaluator.RotateRowsNew(ca, step)));
        }

        ulong[] swapped = [.. a[half..], .. a[..half]];
        Assert.Equal(swapped, _c.Decrypt(_c.Evaluator.RotateColumnsNew(ca)));
    }

    [Fact]
    public void OperationsWithoutKeysOrOnDegreeTwoAreRefused()
    {
        var bare = new BfvEvaluator(_c.Parameters);
        Ciphertext ca = _c.Encrypt(_c.RandomSlots(11));
        Assert.Throws<MissingKeyException>(() => bare.RelinearizeNew(bare.MultiplyNew(ca, ca)));
        Assert.Throws<MissingKeyException>(() => bare.RotateRowsNew(ca, 1));
        Assert.Throws<MissingKeyException>(() => bare.RotateColumnsNew(ca));
        Ciphertext product = bare.MultiplyNew(ca, ca);
        Assert.Throws<ArgumentException>(() => bare.MultiplyNew(product, ca));
        Assert.Throws<ArgumentException>(() => _c.Evaluator.RotateRowsNew(product, 1));
    }

    private static void NegacyclicProduct(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, ulong t)
    {
        int n = a.Length;
        var sum = new UInt128[n];
        for (int i = 0; i < n; i++)
        {
            if (a[i] == 0)
            {
                continue;
            }

            for (int j = 0; j < n; j++)
            {
                UInt128 p = (UInt128)a[i] * b[j] % t;
                int k = i + j;
                if (k < n)
                {
                    sum[k] += p;
                }
                else
                {
                    sum[k - n] += t - p;
                }
            }
        }

        for (int k = 0; k < n; k++)
        {
            destination[k] = (ulong)(sum[k] % t);
        }
    }
}
