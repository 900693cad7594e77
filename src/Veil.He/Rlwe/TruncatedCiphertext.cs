using Veil.Arithmetic;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// A compact form for a ciphertext the client only decrypts (the result of a computation): at level 0 (one prime), in
/// coefficient form, each coefficient of c_0 and c_1 rounded to a multiple of 2^d and written without its d low bits
/// (object "HETC"). The rounding adds e_0 + e_1·s to the decrypted polynomial, |e_0|, |e_1| ≤ 2^(d−1) per coefficient;
/// with a ternary secret of weight h ≤ N, a slot's added error has standard deviation about 2^d·√(h·N/24)/Δ, at most
/// 2^d·N/(5Δ). <see cref="DroppedBits"/> picks d so that this is at most 2^−8/5 ≈ 0.0008.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class TruncatedCiphertext
{
    /// <summary>The low bits to drop from a level-0 ciphertext at <paramref name="scale"/>: floor(log2 Δ) − log2 N − 8,
    /// so the added slot error's standard deviation is at most 2^−8/5 (0 when the scale is too small for any).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not finite and positive.</exception>
    public static int DroppedBits(Parameters parameters, double scale)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.IsTrue(double.IsFinite(scale) && scale > 0, nameof(scale), "must be finite and positive");
        int bits = (int)Math.Floor(Math.Log2(scale) + 1e-9) - parameters.LogN - 8;
        return Math.Clamp(bits, 0, parameters.RingQ[0].BitCount - 1);
    }

    /// <summary>The bytes <see cref="Write"/> produces for a ciphertext of <paramref name="degree"/>.</summary>
    public static long SerializedSize(Parameters parameters, int degree, int droppedBits)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        long row = (((long)parameters.N * (parameters.RingQ[0].BitCount - droppedBits)) + 7) / 8;
        return ObjectHeader.EnvelopeSize(ObjectHeader.Size + 4 + 8 + 4 + ((degree + 1) * row));
    }

    /// <summary>Writes <paramref name="ciphertext"/> (level 0) without the <paramref name="droppedBits"/> low bits of its
    /// coefficients.</summary>
    /// <exception cref="ArgumentException">The ciphertext is not at level 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException">droppedBits is negative or not below the prime's bit count.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Ciphertext ciphertext, int droppedBits, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(stream);
        Parameters parameters = ciphertext.Parameters;
        Modulus q = parameters.RingQ[0];
        Guard.IsTrue(ciphertext.Level == 0, nameof(ciphertext), "must be at level 0 (drop its level first)");
        Guard.InRange(droppedBits, 0, q.BitCount - 1);
        var writer = new PayloadWriter();
        ObjectHeader.Write(writer, parameters);
        writer.WriteInt32(ciphertext.Degree);
        writer.WriteDouble(ciphertext.Scale);
        writer.WriteInt32(droppedBits);
        ulong[] row = new ulong[parameters.N];
        ulong half = droppedBits == 0 ? 0 : 1UL << (droppedBits - 1);
        for (int k = 0; k <= ciphertext.Degree; k++)
        {
            ciphertext[k][0].CopyTo(row);
            Ntt.Inverse(row, parameters.RingQ.Tables[0]);

            // Round to the nearest multiple of 2^d; the top value wraps to 0 modulo q.
            for (int j = 0; j < row.Length; j++)
            {
                ulong rounded = (row[j] + half) >> droppedBits;
                row[j] = rounded << droppedBits >= q.Value ? 0 : rounded;
            }

            PolyCodec.WriteRow(writer, row, q.BitCount - droppedBits);
        }

        Envelope.Write(stream, HeObjectKinds.TruncatedCiphertext, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a ciphertext written by <see cref="Write"/> (at level 0, in NTT form again).</summary>
    /// <exception cref="ParameterMismatchException">It was written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a truncated ciphertext.</exception>
    public static Ciphertext Read(Stream stream, Parameters parameters, string source = "truncated ciphertext")
    {
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.TruncatedCiphertext, parameters, "ciphertext", source);
        Modulus q = parameters.RingQ[0];
        int degree = reader.ReadInt32(1, 2, "the degree");
        double scale = Plaintext.ReadScale(reader);
        int dropped = reader.ReadInt32(0, q.BitCount - 1, "the dropped bits");
        var ciphertext = new Ciphertext(parameters, degree, 0, scale);
        for (int k = 0; k <= degree; k++)
        {
            Span<ulong> row = ciphertext[k][0];
            PolyCodec.ReadRow(reader, row, q.BitCount - dropped);
            for (int j = 0; j < row.Length; j++)
            {
                ulong value = row[j] << dropped;
                if (value >= q.Value)
                {
                    throw reader.Corrupt($"a coefficient {value} is not below its modulus {q.Value}");
                }

                row[j] = value;
            }

            Ntt.Forward(row, parameters.RingQ.Tables[0]);
        }

        reader.EnsureEnd();
        return ciphertext;
    }
}
