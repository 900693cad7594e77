using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The receiver's end of an IKNP extension instance (Ishai–Kilian–Nissim–Petrank 2003), which played the base-OT
/// sender with keys (k_i^0, k_i^1). For m OTs with choices r it draws t_i = G(k_i^0) and sends u_i = t_i ⊕ G(k_i^1) ⊕ r
/// for the 128 columns i; the row t_j of the transposed matrix, hashed as H(j, t_j), is its 128-bit key of OT j
/// (the sender's k_j^{r_j}).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use. <see cref="Dispose"/> clears the column keys.</remarks>
internal sealed class IknpReceiver : IDisposable
{
    private readonly ColumnStreams _zero;
    private readonly ColumnStreams _one;
    private readonly ulong _domain;
    private ulong _next;
    private ulong[] _t = [];

    /// <summary>Takes the base-OT sender's keys (cleared after use).</summary>
    public IknpReceiver(ulong[] zero, ulong[] one, ReadOnlySpan<byte> transcript, byte instance)
    {
        _zero = new ColumnStreams(zero, transcript, instance);
        _one = new ColumnStreams(one, transcript, instance);
        _domain = instance;
    }

    /// <summary>
    /// Extends to <paramref name="count"/> OTs with the bit-packed <paramref name="choices"/>: writes the message u
    /// for the sender (128 columns of ⌈count / 64⌉ words) into <paramref name="u"/> and this end's keys (2 words per
    /// OT) into <paramref name="keys"/>.
    /// </summary>
    public void Extend(ReadOnlySpan<ulong> choices, int count, Span<byte> u, Span<ulong> keys)
    {
        int words = (count + 63) >> 6;
        Guard.IsTrue(choices.Length >= words, nameof(choices), "must hold a bit per OT");
        Guard.LengthEquals(u.Length, 128 * words * sizeof(ulong), nameof(u));
        if (_t.Length < 128 * words)
        {
            _t = new ulong[128 * words];
        }

        Span<ulong> t = _t.AsSpan(0, 128 * words);
        Span<ulong> columnsU = MemoryMarshal.Cast<byte, ulong>(u);
        for (int i = 0; i < 128; i++)
        {
            Span<ulong> column = t.Slice(i * words, words);
            Span<ulong> masked = columnsU.Slice(i * words, words);
            _zero.Next(i, column);
            _one.Next(i, masked);
            for (int w = 0; w < words; w++)
            {
                masked[w] ^= column[w] ^ choices[w];
            }
        }

        BitTranspose.ColumnsToRows(t, words, keys, count);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(t));
        FixedKeyAes.Hash(keys, _next, _domain, keys);
        _next += (ulong)count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _zero.Dispose();
        _one.Dispose();
    }
}
