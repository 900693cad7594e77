using Veil.Arithmetic;
using Veil.IO;

namespace Veil.He.Serialization;

/// <summary>
/// Writes and reads rows of residues bit-packed at the bit length of their modulus (a 44-bit prime costs 44 bits a
/// coefficient, not 64), and checks on reading that every residue is below its modulus.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class PolyCodec
{
    /// <summary>Bytes needed for one row of <paramref name="n"/> residues modulo <paramref name="modulus"/>.</summary>
    public static int RowBytes(int n, Modulus modulus) => (int)((((long)n * modulus.BitCount) + 7) / 8);

    /// <summary>Writes rows [0, count) of <paramref name="poly"/>, row i packed at the width of <paramref name="moduli"/>[i].</summary>
    public static void Write(PayloadWriter writer, RnsPoly poly, IReadOnlyList<Modulus> moduli, int count)
    {
        byte[] buffer = new byte[RowBytes(poly.N, moduli.MaxBy(m => m.BitCount)!)];
        for (int i = 0; i < count; i++)
        {
            int length = Pack(poly[i], moduli[i].BitCount, buffer);
            writer.WriteBytes(buffer.AsSpan(0, length));
        }
    }

    /// <summary>Reads rows [0, count) into <paramref name="poly"/>.</summary>
    /// <exception cref="VeilFormatException">The data ends early or a residue is not below its modulus.</exception>
    public static void Read(PayloadReader reader, RnsPoly poly, IReadOnlyList<Modulus> moduli, int count)
    {
        byte[] buffer = new byte[RowBytes(poly.N, moduli.MaxBy(m => m.BitCount)!)];
        for (int i = 0; i < count; i++)
        {
            Modulus m = moduli[i];
            Span<byte> bytes = buffer.AsSpan(0, RowBytes(poly.N, m));
            reader.ReadBytes(bytes);
            Span<ulong> row = poly[i];
            Unpack(bytes, m.BitCount, row);
            foreach (ulong v in row)
            {
                if (v >= m.Value)
                {
                    throw reader.Corrupt($"a residue {v} is not below its modulus {m.Value}");
                }
            }
        }
    }

    /// <summary>Writes <paramref name="row"/>, each value in <paramref name="bits"/> bits.</summary>
    public static void WriteRow(PayloadWriter writer, ReadOnlySpan<ulong> row, int bits)
    {
        byte[] buffer = new byte[(((long)row.Length * bits) + 7) / 8];
        writer.WriteBytes(buffer.AsSpan(0, Pack(row, bits, buffer)));
    }

    /// <summary>Reads a row written by <see cref="WriteRow"/>.</summary>
    public static void ReadRow(PayloadReader reader, Span<ulong> row, int bits)
    {
        byte[] buffer = new byte[(((long)row.Length * bits) + 7) / 8];
        reader.ReadBytes(buffer);
        Unpack(buffer, bits, row);
    }

    private static int Pack(ReadOnlySpan<ulong> values, int bits, Span<byte> destination)
    {
        UInt128 accumulator = 0;
        int held = 0, position = 0;
        foreach (ulong v in values)
        {
            accumulator |= (UInt128)v << held;
            held += bits;
            while (held >= 8)
            {
                destination[position++] = (byte)accumulator;
                accumulator >>= 8;
                held -= 8;
            }
        }

        if (held > 0)
        {
            destination[position++] = (byte)accumulator;
        }

        return position;
    }

    private static void Unpack(ReadOnlySpan<byte> source, int bits, Span<ulong> destination)
    {
        UInt128 accumulator = 0;
        int held = 0, position = 0;
        ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        for (int k = 0; k < destination.Length; k++)
        {
            while (held < bits)
            {
                accumulator |= (UInt128)source[position++] << held;
                held += 8;
            }

            destination[k] = (ulong)accumulator & mask;
            accumulator >>= bits;
            held -= bits;
        }
    }
}
