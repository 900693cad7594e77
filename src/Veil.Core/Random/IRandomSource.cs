namespace Veil.Random;

/// <summary>
/// A source of uniformly random bytes. Implemented by <see cref="CryptoRandom"/> (the operating system's CSPRNG, for secrets)
/// and <see cref="AesCtrPrg"/> (a seeded cryptographic PRG, for public randomness expanded from a seed and for
/// correlated randomness two parties derive from a shared seed).
/// </summary>
/// <remarks>Thread-safety: implementations state their own; neither of Veil's is safe for concurrent use.</remarks>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="destination"/> with uniformly random bytes.</summary>
    void Fill(Span<byte> destination);

    /// <summary>Fills <paramref name="destination"/> with uniformly random 64-bit words.</summary>
    void Fill(Span<ulong> destination);

    /// <summary>Returns a uniformly random 64-bit word.</summary>
    ulong NextUInt64();
}
