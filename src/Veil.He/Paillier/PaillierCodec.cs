using System.Numerics;
using Veil.IO;

namespace Veil.He.Paillier;

/// <summary>Big integers in payloads: a byte count, then the magnitude big-endian.</summary>
internal static class PaillierCodec
{
    /// <summary>A cap on key payloads: two moduli of the largest size and their lengths.</summary>
    public const long MaxKeyPayload = 4 * (PaillierPublicKey.MaxModulusBits / 8) + 64;

    public static void WriteInteger(PayloadWriter writer, BigInteger value)
    {
        byte[] bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        writer.WriteInt32(bytes.Length);
        writer.WriteBytes(bytes);
    }

    /// <summary>Writes <paramref name="value"/> big-endian into all of <paramref name="destination"/>, zero-padded on the left.</summary>
    public static void WriteFixed(Span<byte> destination, BigInteger value)
    {
        destination.Clear();
        int length = value.GetByteCount(isUnsigned: true);
        if (!value.TryWriteBytes(destination[(destination.Length - length)..], out _, isUnsigned: true, isBigEndian: true))
        {
            throw new InvalidOperationException("A value is wider than its field.");
        }
    }

    public static BigInteger ReadFixed(ReadOnlySpan<byte> source) => new(source, isUnsigned: true, isBigEndian: true);

    /// <exception cref="VeilFormatException">The length is outside [1, maxBits / 8 + 1].</exception>
    public static BigInteger ReadInteger(PayloadReader reader, int maxBits)
    {
        int length = reader.ReadInt32(1, (maxBits / 8) + 1, "integer length");
        byte[] bytes = new byte[length];
        reader.ReadBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
