using System.Runtime.InteropServices;
using Veil.Random;

namespace Veil.Federated.SecureAggregation;

/// <summary>Expands a 32-byte mask seed into a vector of ring elements (AES-256 in counter mode) and adds or subtracts
/// it, in place, modulo 2^32.</summary>
/// <remarks>Thread-safety: stateless; each call uses its own generator.</remarks>
internal static class MaskExpansion
{
    /// <summary>values += sign·PRG(seed), element by element, modulo 2^32.</summary>
    public static void Apply(ReadOnlySpan<byte> seed, Span<uint> values, bool subtract, Span<uint> scratch)
    {
        using var prg = new AesCtrPrg(seed);
        Span<uint> block = scratch.Length >= values.Length ? scratch[..values.Length] : new uint[values.Length];
        prg.Fill(MemoryMarshal.AsBytes(block));
        if (subtract)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] -= block[i];
            }
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] += block[i];
            }
        }
    }
}
