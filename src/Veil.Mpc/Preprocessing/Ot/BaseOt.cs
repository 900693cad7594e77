using System.Buffers.Binary;
using System.Security.Cryptography;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Veil.Random;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// Chou–Orlandi "simplest OT" (Latincrypt 2015) over NIST P-256, 128 at a time, semi-honest. The sender picks y and
/// sends S = yG; for each OT i the receiver picks x_i and sends R_i = c_i S + x_i G; the sender's keys are
/// k_i^0 = H(i, S, R_i, y R_i) and k_i^1 = H(i, S, R_i, y (R_i − S)), the receiver's k_i^{c_i} = H(i, S, R_i, x_i S).
/// H is SHA-256 over the session transcript, the extension instance, the index and the points, cut to 128 bits.
/// BouncyCastle does the point arithmetic only (.NET exposes no point addition).
/// </summary>
/// <remarks>
/// Under the computational Diffie–Hellman assumption in the random-oracle model the receiver learns only its chosen
/// key and the sender learns nothing of the choices (R_i is uniform whatever c_i is). Every received point is
/// decoded with validation (on the curve, not infinity). Keys are two words each, low word first. The scalars live
/// in immutable BouncyCastle BigIntegers and cannot be cleared; they are dropped after setup.
/// Thread-safety: stateless (the comb multiplier's table cache is BouncyCastle's, thread-safe); safe from any thread.
/// </remarks>
internal static class BaseOt
{
    /// <summary>OTs per direction.</summary>
    public const int Count = 128;

    /// <summary>Bytes of a compressed point.</summary>
    public const int PointBytes = 33;

    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256r1");

    /// <summary>Fixed-base multiplication by G with precomputed comb tables (most of the base OTs' multiplications).</summary>
    private static readonly FixedPointCombMultiplier BaseMultiplier = new();

    /// <summary>Draws a nonzero scalar below the group order from <paramref name="random"/>.</summary>
    public static BigInteger RandomScalar(IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[40];
        while (true)
        {
            random.Fill(bytes);
            var value = new BigInteger(1, bytes).Mod(Curve.N);
            bytes.Clear();
            if (value.SignValue != 0)
            {
                return value;
            }
        }
    }

    /// <summary>The sender's first message S = yG (compressed).</summary>
    public static byte[] SenderMessage(BigInteger y) => BaseMultiplier.Multiply(Curve.G, y).Normalize().GetEncoded(true);

    /// <summary>
    /// The receiver's answer to <paramref name="senderMessage"/>: R_i for each choice bit, and its keys
    /// (<see cref="Count"/> × 2 words).
    /// </summary>
    /// <exception cref="MpcProtocolException">The sender's point is malformed.</exception>
    public static (byte[] Message, ulong[] Keys) Receive(ReadOnlySpan<byte> senderMessage, ReadOnlySpan<ulong> choices, ReadOnlySpan<byte> transcript, byte instance, IRandomSource random)
    {
        ECPoint s = Decode(senderMessage);
        byte[] sEncoded = senderMessage.ToArray();
        var message = new byte[Count * PointBytes];
        var keys = new ulong[2 * Count];
        for (int i = 0; i < Count; i++)
        {
            BigInteger x = RandomScalar(random);
            ECPoint r = BaseMultiplier.Multiply(Curve.G, x);
            if (((choices[i >> 6] >> (i & 63)) & 1) != 0)
            {
                r = r.Add(s);
            }

            byte[] rEncoded = r.Normalize().GetEncoded(true);
            rEncoded.CopyTo(message, i * PointBytes);
            KeyOf(transcript, instance, i, sEncoded, rEncoded, s.Multiply(x), keys.AsSpan(2 * i, 2));
        }

        return (message, keys);
    }

    /// <summary>The sender's two keys per OT (<see cref="Count"/> × 2 words each) from the receiver's message.</summary>
    /// <exception cref="MpcProtocolException">The receiver's message is malformed.</exception>
    public static (ulong[] Zero, ulong[] One) Send(BigInteger y, ReadOnlySpan<byte> receiverMessage, ReadOnlySpan<byte> transcript, byte instance)
    {
        if (receiverMessage.Length != Count * PointBytes)
        {
            throw new MpcProtocolException($"The base-OT answer holds {receiverMessage.Length} bytes, not {Count * PointBytes}.");
        }

        byte[] sEncoded = SenderMessage(y);
        ECPoint s = Curve.Curve.DecodePoint(sEncoded);
        var zero = new ulong[2 * Count];
        var one = new ulong[2 * Count];
        for (int i = 0; i < Count; i++)
        {
            ReadOnlySpan<byte> rEncoded = receiverMessage.Slice(i * PointBytes, PointBytes);
            ECPoint r = Decode(rEncoded);
            KeyOf(transcript, instance, i, sEncoded, rEncoded, r.Multiply(y), zero.AsSpan(2 * i, 2));
            KeyOf(transcript, instance, i, sEncoded, rEncoded, r.Subtract(s).Multiply(y), one.AsSpan(2 * i, 2));
        }

        return (zero, one);
    }

    private static ECPoint Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != PointBytes)
        {
            throw new MpcProtocolException($"A base-OT point holds {encoded.Length} bytes, not {PointBytes}.");
        }

        try
        {
            ECPoint point = Curve.Curve.DecodePoint(encoded.ToArray());
            if (point.IsInfinity || !point.IsValid())
            {
                throw new MpcProtocolException("A base-OT point is not a valid P-256 point.");
            }

            return point;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or ArithmeticException)
        {
            throw new MpcProtocolException("A base-OT point is not a valid P-256 point: " + ex.Message, ex);
        }
    }

    /// <summary>H(transcript, instance, i, S, R_i, P) cut to 128 bits.</summary>
    private static void KeyOf(ReadOnlySpan<byte> transcript, byte instance, int index, ReadOnlySpan<byte> s, ReadOnlySpan<byte> r, ECPoint shared, Span<ulong> key)
    {
        byte[] point = shared.Normalize().GetEncoded(true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("veil-ot-base-v1"u8);
        hash.AppendData(transcript);
        Span<byte> header = stackalloc byte[5];
        header[0] = instance;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], index);
        hash.AppendData(header);
        hash.AppendData(s);
        hash.AppendData(r);
        hash.AppendData(point);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        key[0] = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        key[1] = BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]);
        CryptographicOperations.ZeroMemory(digest);
        Array.Clear(point);
    }
}
