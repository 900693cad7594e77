namespace Veil.Arithmetic.Tests;

public class KernelTests
{
    [Fact]
    public void ModularKernelsMatchTheReferenceForEveryTailLength() => KernelChecks.ModularKernelsMatchReference(256);

    [Fact]
    public void ForwardNttMatchesNaiveEvaluation() => KernelChecks.NttMatchesNaiveEvaluation();

    [Fact]
    public void NttRoundTrips() => KernelChecks.NttRoundTrips();

    [Fact]
    public void NttProductIsTheNegacyclicProduct() => KernelChecks.NttMultipliesNegacyclically();

    [Fact]
    public void BaseConversionIsExactUpToAMultipleOfTheSourceProduct() => KernelChecks.BaseConversionMatchesCrt();

    [Fact]
    public void APartiallyOverlappingDestinationIsRefused()
    {
        var m = TestModuli.OfBits(43);
        var buffer = new ulong[32];
        Assert.Throws<ArgumentException>(() => ModularKernels.Add(buffer.AsSpan(0, 16), buffer.AsSpan(0, 16), buffer.AsSpan(1, 16), m));
        Assert.Throws<ArgumentException>(() => ModularKernels.Add(buffer.AsSpan(0, 16), buffer.AsSpan(0, 15), buffer.AsSpan(16, 16), m));
    }
}
