using System.Security.Cryptography;
using Veil.Arithmetic;
using Veil.Random;

namespace Veil.Mpc.He;

/// <summary>
/// This party's RLWE secret key and the operations that need it: its public key, symmetric encryption of its own
/// operands, and decryption of the peer's replies. The key is a uniform ternary s, sampled from
/// <see cref="CryptoRandom"/>, held only in NTT form in this object, never written anywhere, and zeroed by
/// <see cref="Dispose"/>. The evaluating side (<see cref="PeerEvaluator"/>) never holds a reference to it.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; owned by one party's <see cref="HeTripleSource"/>.</remarks>
internal sealed class LocalKey : IDisposable
{
    private readonly HeRing _ring;
    private readonly RnsPoly _secret;
    private readonly CryptoRandom _random = new();
    private readonly long[] _small;
    private bool _disposed;

    public LocalKey(HeRing ring)
    {
        _ring = ring;
        _small = new long[ring.N];
        _secret = ring.Basis.NewPoly();
        RlweSampling.Ternary(_random, _small);
        RlweSampling.Embed(_small, _secret, ring.Basis, ring.Levels);
        Array.Clear(_small);
        ring.Basis.ForwardNtt(_secret);
    }

    /// <summary>Writes the public key (seed of a, then b = −a·s + e in NTT form, packed).</summary>
    public void WritePublicKey(WireWriter writer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        WriteEncryption(writer, null);
    }

    /// <summary>Encrypts N ring elements (coefficient j of the plaintext polynomial is <paramref name="message"/>[j]) and writes the ciphertext.</summary>
    public void Encrypt(ReadOnlySpan<ulong> message, WireWriter writer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Guard.LengthEquals(message.Length, _ring.N, nameof(message));
        WriteEncryption(writer, message.ToArray());
    }

    /// <summary>
    /// Decrypts a reply at the reply level (c0 given only at <paramref name="positions"/>, c1 whole, both as
    /// coefficients) into <paramref name="destination"/>[j] = m[positions[j]] (mod 2^64).
    /// </summary>
    public void Decrypt(ReadOnlySpan<ulong> c0AtPositions, RnsPoly c1, ReadOnlySpan<int> positions, Span<ulong> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int rows = _ring.ReplyLevels;
        RnsPoly product = _ring.Basis.NewPoly(rows);
        c1.CopyTo(product);
        _ring.Basis.ForwardNtt(product);
        _ring.Basis.MultiplyCoefficients(product, _secret, product);
        _ring.Basis.InverseNtt(product);
        int count = positions.Length;
        for (int i = 0; i < rows; i++)
        {
            Modulus q = _ring.Basis[i];
            Span<ulong> row = product[i];
            ReadOnlySpan<ulong> c0 = c0AtPositions.Slice(i * count, count);
            for (int j = 0; j < count; j++)
            {
                row[positions[j]] = q.Add(row[positions[j]], c0[j]);
            }
        }

        for (int j = 0; j < count; j++)
        {
            destination[j] = _ring.Decode(product, positions[j]);
        }

        product.Clear();
    }

    /// <summary>True when the secret key's residues are all zero (after <see cref="Dispose"/>); for tests.</summary>
    internal bool IsWiped => !_secret.AsSpan().ContainsAnyExcept(0UL);

    /// <summary>Zeroes the secret key.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _secret.Clear();
        Array.Clear(_small);
    }

    /// <summary>c1 = a from a fresh seed, c0 = −a·s + e (+ round(Q·m/t) when a message is given), written as seed and packed c0.</summary>
    private void WriteEncryption(WireWriter writer, ulong[]? message)
    {
        byte[] seed = RandomNumberGenerator.GetBytes(AesCtrPrg.SeedSize);
        RnsPoly a = _ring.Basis.NewPoly();
        RlweSampling.Uniform(seed, a, _ring.Basis, _ring.Levels);
        RnsPoly c0 = _ring.Basis.NewPoly();
        RlweSampling.Error(_random, _small);
        RlweSampling.Embed(_small, c0, _ring.Basis, _ring.Levels);
        Array.Clear(_small);
        if (message is not null)
        {
            _ring.AddScaled(message, c0);
        }

        _ring.Basis.ForwardNtt(c0);
        _ring.Basis.MultiplyCoefficients(a, _secret, a);
        _ring.Basis.Subtract(c0, a, c0);
        writer.WriteBytes(seed);
        for (int i = 0; i < _ring.Levels; i++)
        {
            writer.WritePacked(c0[i], HeCiphertext.WireBits(_ring, i));
        }

        a.Clear();
    }
}
