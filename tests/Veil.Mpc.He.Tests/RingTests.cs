using Veil.Mpc.He;

namespace Veil.Mpc.He.Tests;

public class RingTests
{
    private static readonly HeRing Ring = new(HeTripleOptions.Default);

    /// <summary>Encrypts <paramref name="message"/> under a fresh key, multiplies by <paramref name="plaintext"/> and decrypts every coefficient (mask added back).</summary>
    private static ulong[] EncryptMultiplyDecrypt(ulong[] message, ulong[] plaintext, int noiseTerms)
    {
        var (decrypted, masks) = EncryptMultiplyDecryptShares(message, plaintext, noiseTerms);
        return Plain.Add(decrypted, masks);
    }

    /// <summary>As <see cref="EncryptMultiplyDecrypt"/>, but returns the decryptor's and the evaluator's shares apart.</summary>
    private static (ulong[] Decrypted, ulong[] Masks) EncryptMultiplyDecryptShares(ulong[] message, ulong[] plaintext, int noiseTerms)
    {
        using var key = new LocalKey(Ring);
        var writer = new WireWriter();
        key.WritePublicKey(writer);
        key.Encrypt(message, writer);
        var reader = new WireReader(writer.Written);
        var evaluator = PeerEvaluator.ReadPublicKey(Ring, ref reader);
        var ciphertext = HeCiphertext.ReadFresh(Ring, ref reader);
        reader.EnsureEnd();
        var accumulator = evaluator.NewAccumulator();
        evaluator.MultiplyAdd(ciphertext, evaluator.Plaintext(plaintext), accumulator);
        int[] positions = Enumerable.Range(0, Ring.N).ToArray();
        var masks = new ulong[Ring.N];
        var reply = new WireWriter();
        int flood = NoiseBudget.FloodBits(NoiseBudget.ProductNoiseBits(noiseTerms), 40, Ring.LogN);
        evaluator.WriteReply(accumulator, flood, positions, masks, reply);
        Assert.Equal(HeCiphertext.ReplyBytes(Ring, Ring.N), reply.Length);
        var replyReader = new WireReader(reply.Written);
        var (c0, c1) = PeerEvaluator.ReadReply(Ring, Ring.N, ref replyReader);
        replyReader.EnsureEnd();
        var decrypted = new ulong[Ring.N];
        key.Decrypt(c0, c1, positions, decrypted);
        return (decrypted, masks);
    }

    [Fact]
    public void TheDecryptorsShareIsMaskedEvenForAZeroProduct()
    {
        var (decrypted, masks) = EncryptMultiplyDecryptShares(Plain.Random(Ring.N, 4), new ulong[Ring.N], 1);
        Assert.Equal(Ring.N, decrypted.Distinct().Count());
        Assert.All(Plain.Add(decrypted, masks), v => Assert.Equal(0UL, v));
        Assert.InRange(decrypted.Count(v => v >> 63 == 1), (Ring.N / 2) - 400, (Ring.N / 2) + 400);
    }

    [Fact]
    public void EncryptDecryptRoundTripsMod2To64()
    {
        ulong[] message = Plain.Random(Ring.N, 1);
        message[0] = 0;
        message[1] = ulong.MaxValue;
        message[2] = 1UL << 63;
        var one = new ulong[Ring.N];
        one[0] = 1;
        Assert.Equal(message, EncryptMultiplyDecrypt(message, one, 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(HeTripleOptions.LayoutFactor)]
    public void PlaintextTimesCiphertextIsTheExactNegacyclicProductMod2To64(int floodFactor)
    {
        // Flooding for floodFactor·N noise terms: the largest any layout uses, with the reply rounded for it.
        ulong[] message = Plain.Random(Ring.N, 2), plaintext = Plain.Random(Ring.N, 3);
        Assert.Equal(Plain.Negacyclic(message, plaintext), EncryptMultiplyDecrypt(message, plaintext, floodFactor * Ring.N));
    }

    [Fact]
    public void RepliesAreRoundedToWhatTheBudgetAllows()
    {
        Assert.InRange(Ring.Reply.DropC0, 15, 25);
        Assert.InRange(Ring.Reply.DropC1, 5, 12);
        Assert.True(Ring.Reply.Bytes(128) < Ring.N * 11, $"{Ring.Reply.Bytes(128)} bytes");
    }

    [Fact]
    public void TheSecretKeyIsZeroedOnDisposeAndUnusableAfter()
    {
        var key = new LocalKey(Ring);
        Assert.False(key.IsWiped);
        key.Dispose();
        Assert.True(key.IsWiped);
        Assert.Throws<ObjectDisposedException>(() => key.Encrypt(new ulong[Ring.N], new WireWriter()));
    }

    [Fact]
    public void AGarbledResidueIsRefused()
    {
        var writer = new WireWriter();
        writer.WritePacked([Ring.Basis[0].Value], Ring.Basis[0].BitCount);
        Assert.Throws<MpcProtocolException>(() =>
        {
            var reader = new WireReader(writer.Written);
            var values = new ulong[1];
            reader.ReadPacked(values, Ring.Basis[0].BitCount, Ring.Basis[0].Value);
        });
    }

    [Fact]
    public void InsecureOrTooSmallParametersAreRefused()
    {
        HeTripleOptions.Default.Validate();
        Assert.Throws<ArgumentException>(() => new HeTripleOptions { PrimeBits = [45, 45, 45, 45, 45] }.Validate()); // 225 > 218 bits at N = 8192
        Assert.Throws<ArgumentException>(() => new HeTripleOptions { LogN = 12 }.Validate()); // 218 > 109 bits at N = 4096
        Assert.Throws<ArgumentException>(() => new HeTripleOptions { PrimeBits = [40, 40, 40, 40] }.Validate()); // no room for flooding
        Assert.Throws<ArgumentException>(() => new HeTripleOptions { FloodingBits = 20 }.Validate());
        new HeTripleOptions { LogN = 14, PrimeBits = [50, 50, 50, 50, 50], FloodingBits = 60 }.Validate();
    }
}
