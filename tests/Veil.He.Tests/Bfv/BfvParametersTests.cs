using Veil.He.Bfv;
using Veil.He.Ckks;
using Veil.He.Rlwe;
using Veil.IO;
using Xunit;

namespace Veil.He.Tests.Bfv;

/// <summary>BFV parameters: validation, security, identity and serialization.</summary>
public sealed class BfvParametersTests(BfvN4096Context context) : IClassFixture<BfvN4096Context>
{
    private readonly BfvContext _c = context;

    [Fact]
    public void PresetsAreSecureAndBatch()
    {
        foreach ((string name, ParametersLiteral literal) in BfvPresets.All)
        {
            Parameters p = Parameters.Create(literal);
            Assert.True(p.IsBfv, name);
            Assert.Equal(1UL, p.PlaintextModulus % (2UL * (ulong)p.N));
            Assert.True(p.LogQP <= SecurityStandard.MaxLogQP(p.LogN), name);
        }

        // SEAL's PlainModulus::Batching(8192, 20).
        Assert.Equal(1032193UL, BfvPresets.BatchingModulus(13, 20));
    }

    [Theory]
    [InlineData(65536UL)] // not prime
    [InlineData(65539UL)] // prime, but not 1 mod 2N
    [InlineData(3UL)]
    public void NonBatchingPlaintextModuliAreRefused(ulong t)
    {
        var e = Assert.Throws<InvalidParametersException>(() => Parameters.Create(BfvPresets.N4096 with { PlaintextModulus = t }));
        Assert.Contains("1 mod 2N", e.Message);
    }

    [Fact]
    public void PlaintextModulusMustLeaveRoomForNoise()
    {
        // A 29-bit t against a 30-bit Q leaves no room; a t above a prime of Q cannot be represented.
        ulong t29 = BfvPresets.BatchingModulus(12, 29), t37 = BfvPresets.BatchingModulus(12, 37);
        var e = Assert.Throws<InvalidParametersException>(() => Parameters.Create(BfvPresets.N4096 with { LogQ = [30], PlaintextModulus = t29 }));
        Assert.Contains("room for noise", e.Message);
        e = Assert.Throws<InvalidParametersException>(() => Parameters.Create(BfvPresets.N4096 with { PlaintextModulus = t37 }));
        Assert.Contains("smaller than every prime", e.Message);
        Assert.Throws<InvalidParametersException>(() => Parameters.Create(BfvPresets.N4096 with { LogDefaultScale = 20 }));
    }

    [Fact]
    public void InsecureChainsAreRefusedAsForCkks()
    {
        Assert.Throws<InsecureParametersException>(() => Parameters.Create(BfvPresets.N4096 with { LogQ = [40, 40, 40], LogP = [40] }));
    }

    [Fact]
    public void SchemesRefuseEachOthersParameters()
    {
        Assert.Throws<InvalidParametersException>(() => new CkksEncoder(_c.Parameters));
        Assert.Throws<InvalidParametersException>(() => new CkksEvaluator(_c.Parameters));
        Parameters ckks = Parameters.Create(CkksPresets.N8192Depth3);
        Assert.Throws<InvalidParametersException>(() => new BfvEncoder(ckks));
        Assert.Throws<InvalidParametersException>(() => new BfvEvaluator(ckks));
        Assert.Throws<InvalidParametersException>(() => new BfvPlaintext(ckks));
    }

    [Fact]
    public void ParametersRoundTripWithThePlaintextModulusInTheirIdentity()
    {
        using var stream = new MemoryStream();
        _c.Parameters.WriteTo(stream);
        stream.Position = 0;
        Parameters read = Parameters.ReadFrom(stream);
        Assert.Equal(_c.Parameters, read);
        Assert.Equal(_c.T, read.PlaintextModulus);

        Parameters otherT = Parameters.Create(_c.Parameters.ToLiteral() with { PlaintextModulus = BfvPresets.BatchingModulus(12, 21) });
        Assert.NotEqual(_c.Parameters, otherT);
    }

    [Fact]
    public void CkksParametersKeepTheirBytes()
    {
        // CKKS parameters carry no plaintext modulus, so files written before BFV existed read, and ids are unchanged.
        Parameters ckks = Parameters.Create(CkksPresets.N8192Depth3);
        using var stream = new MemoryStream();
        ckks.WriteTo(stream);
        stream.Position = 0;
        Parameters read = Parameters.ReadFrom(stream);
        Assert.Equal(0UL, read.PlaintextModulus);
        Assert.Equal(ckks, read);
        Assert.False(read.IsBfv);
    }

    [Fact]
    public void CiphertextsAndPlaintextsRoundTripAndRefuseOtherParameters()
    {
        ulong[] values = _c.RandomSlots(30);
        Ciphertext ct = _c.Encrypt(values);
        using var stream = new MemoryStream();
        ct.WriteTo(stream);
        byte[] bytes = stream.ToArray();
        Assert.Equal(values, _c.Decrypt(Ciphertext.ReadFrom(new MemoryStream(bytes), _c.Parameters)));

        Parameters otherT = Parameters.Create(_c.Parameters.ToLiteral() with { PlaintextModulus = BfvPresets.BatchingModulus(12, 21) });
        Assert.Throws<ParameterMismatchException>(() => Ciphertext.ReadFrom(new MemoryStream(bytes), otherT));
        Assert.Throws<VeilFormatException>(() => Ciphertext.ReadFrom(new MemoryStream(bytes[..(bytes.Length / 2)]), _c.Parameters));

        BfvPlaintext plain = _c.Encoder.EncodeNew(values);
        using var plainStream = new MemoryStream();
        plain.WriteTo(plainStream);
        Assert.Equal(plain.SerializedSize, plainStream.Length);
        byte[] plainBytes = plainStream.ToArray();
        Assert.Equal(values, _c.Encoder.DecodeNew(BfvPlaintext.ReadFrom(new MemoryStream(plainBytes), _c.Parameters)));
        Assert.Throws<ParameterMismatchException>(() => BfvPlaintext.ReadFrom(new MemoryStream(plainBytes), otherT));
        Assert.Throws<VeilFormatException>(() => BfvPlaintext.ReadFrom(new MemoryStream(plainBytes[..^9]), _c.Parameters));
    }

    [Fact]
    public void KeysOfOtherParametersAreRefused()
    {
        Parameters otherT = Parameters.Create(_c.Parameters.ToLiteral() with { PlaintextModulus = BfvPresets.BatchingModulus(12, 21) });
        Assert.Throws<ParameterMismatchException>(() => new BfvDecryptor(otherT, _c.SecretKey));
        Assert.Throws<ParameterMismatchException>(() => new BfvEvaluator(otherT, _c.Keys));
        Assert.Throws<ParameterMismatchException>(() => _c.Evaluator.AddNew(_c.Encrypt(_c.RandomSlots(1)), new Ciphertext(otherT)));
    }
}
