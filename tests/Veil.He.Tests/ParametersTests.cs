using System.Numerics;
using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.He.Tests;

public class ParametersTests
{
    [Fact]
    public void EveryPresetIsValidAndWithinTheSecurityBound()
    {
        var ids = new HashSet<string>();
        foreach (var (name, literal) in CkksPresets.All)
        {
            Parameters parameters = Parameters.Create(literal);
            Assert.True(parameters.LogQP <= SecurityStandard.MaxLogQP(parameters.LogN), name);
            Assert.True(ids.Add(parameters.ShortId), $"{name} has a distinct identity");
        }
    }

    [Fact]
    public void SealChainsHaveSealsBitSizes()
    {
        Parameters p = Parameters.Create(CkksPresets.Seal8192);
        int Bits(ulong v) => 64 - BitOperations.LeadingZeroCount(v);
        Assert.Equal([43, 43, 44, 44], p.Q.Select(Bits));
        Assert.Equal([44], p.P.Select(Bits));
        Assert.Equal(218, p.Q.Concat(p.P).Sum(Bits));
        Assert.Equal(438, Parameters.Create(CkksPresets.Seal16384).Q.Concat(Parameters.Create(CkksPresets.Seal16384).P).Sum(Bits));
    }

    [Fact]
    public void ParameterSetsBelow128BitSecurityAreRefused()
    {
        var literal = new ParametersLiteral { LogN = 13, LogQ = [50, 50, 50, 50], LogP = [50], LogDefaultScale = 40 };
        var error = Assert.Throws<InsecureParametersException>(() => Parameters.Create(literal));
        Assert.Contains("250 bits", error.Message, StringComparison.Ordinal);
        Assert.Contains("218", error.Message, StringComparison.Ordinal);
        Assert.Contains("128-bit", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<VeilException>(error);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(17)]
    public void UnsupportedRingDegreesAreRefused(int logN) =>
        Assert.Throws<InvalidParametersException>(() => Parameters.Create(new ParametersLiteral { LogN = logN, LogQ = [30], LogP = [30], LogDefaultScale = 20 }));

    [Fact]
    public void MalformedLiteralsAreRefusedWithAReason()
    {
        Assert.Contains("special prime", Assert.Throws<InvalidParametersException>(() =>
            Parameters.Create(new ParametersLiteral { LogN = 13, LogQ = [40, 40], LogP = [], LogDefaultScale = 30 })).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidParametersException>(() =>
            Parameters.Create(new ParametersLiteral { LogN = 13, LogQ = [40, 40], LogP = [40], LogDefaultScale = 90 }));
        Assert.Throws<InvalidParametersException>(() =>
            Parameters.Create(new ParametersLiteral { LogN = 13, LogQ = [40, 62], LogP = [40], LogDefaultScale = 30 }));
        Assert.Throws<InvalidParametersException>(() =>
            Parameters.Create(new ParametersLiteral { LogN = 13, Q = [65537, 65537], P = [1099511922689], LogDefaultScale = 10 }));
        Assert.Throws<InvalidParametersException>(() =>
            Parameters.Create(new ParametersLiteral { LogN = 13, Q = [1099511627791], P = [1099511922689], LogDefaultScale = 10 }));
        Assert.Throws<InvalidParametersException>(() => Parameters.Create(new ParametersLiteral { LogN = 13, LogDefaultScale = 10 }));
    }

    [Fact]
    public void ExplicitPrimesReproduceGeneratedParameters()
    {
        Parameters generated = Parameters.Create(CkksPresets.N8192Depth3);
        Parameters explicitPrimes = Parameters.Create(generated.ToLiteral());
        Assert.Equal(generated, explicitPrimes);
        Assert.True(generated.Id.SequenceEqual(explicitPrimes.Id));
        Assert.Equal(4, generated.DigitCount(generated.MaxLevel));
        Assert.Equal(4, Parameters.Create(CkksPresets.N16384Depth7).DigitCount(7));
    }

    [Fact]
    public void ParametersRoundTripAndRejectCorruption()
    {
        Parameters parameters = Parameters.Create(CkksPresets.N16384Depth9);
        var stream = new MemoryStream();
        parameters.WriteTo(stream);
        byte[] bytes = stream.ToArray();
        Assert.Equal(parameters, Parameters.ReadFrom(new MemoryStream(bytes)));
        byte[] tampered = (byte[])bytes.Clone();
        tampered[30] ^= 1;
        Assert.Throws<VeilFormatException>(() => Parameters.ReadFrom(new MemoryStream(tampered)));
        Assert.Throws<VeilFormatException>(() => Parameters.ReadFrom(new MemoryStream(bytes[..^5])));
    }
}
