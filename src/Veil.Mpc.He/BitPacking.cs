using System.Buffers.Binary;

namespace Veil.Mpc.He;

/// <summary>
/// Packs residues below 2^bits (bits ≤ 57) into a byte stream, least significant bits first, and unpacks them with a
/// range check: ciphertexts travel at the size of their moduli, not in 64-bit words.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class BitPacking
{
    /// <summary>The bytes <paramref name="count"/> values of <paramref name="bits"/> bits take.</summary>
    public static int Bytes(int count, int bits) => (int)(((long)count * bits + 7) / 8);

    /// <summary>Appends <paramref name="values"/> to <paramref name="destination"/> (which must hold <see cref="Bytes"/> + 8 bytes of slack).</summary>
    public static int Pack(ReadOnlySpan<ulong> values, int bits, Span<byte> destination)
    {
        long bit = 0;
        foreach (ulong v in values)
        {
            int at = (int)(bit >> 3), shift = (int)(bit & 7);
            ulong existing = BinaryPrimitives.ReadUInt64LittleEndian(destination.Slice(at, 8));
            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(at, 8), existing | (v << shift));
            bit += bits;
        }

        return Bytes(values.Length, bits);
    }

    /// <summary>Reads <paramref name="destination"/>.Length values of <paramref name="bits"/> bits from <paramref name="source"/>.</summary>
    /// <returns>The bytes consumed.</returns>
    /// <exception cref="MpcProtocolException">The data is too short or a value is not below <paramref name="bound"/>.</exception>
    public static int Unpack(ReadOnlySpan<byte> source, int bits, ulong bound, Span<ulong> destination)
    {
        int bytes = Bytes(destination.Length, bits);
        if (source.Length < bytes)
        {
            throw new MpcProtocolException($"A ciphertext is truncated: {source.Length} bytes where {bytes} were expected.");
        }

        ulong mask = (1UL << bits) - 1;
        long bit = 0;
        Span<byte> tail = stackalloc byte[8];
        for (int k = 0; k < destination.Length; k++)
        {
            int at = (int)(bit >> 3), shift = (int)(bit & 7);
            ulong word;
            if (at + 8 <= source.Length)
            {
                word = BinaryPrimitives.ReadUInt64LittleEndian(source.Slice(at, 8));
            }
            else
            {
                tail.Clear();
                source[at..].CopyTo(tail);
                word = BinaryPrimitives.ReadUInt64LittleEndian(tail);
            }

            ulong v = (word >> shift) & mask;
            if (v >= bound)
            {
                throw new MpcProtocolException("A ciphertext holds a residue out of range: the peer sent garbage.");
            }

            destination[k] = v;
            bit += bits;
        }

        return bytes;
    }
}
