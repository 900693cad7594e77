using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The sender's end of an IKNP extension instance, which played the base-OT receiver with the secret choice string s
/// and holds k_i^{s_i}. From the receiver's u it forms q_i = G(k_i^{s_i}) ⊕ s_i u_i, so that row q_j = t_j ⊕ r_j s;
/// its two keys of OT j are H(j, q_j) and H(j, q_j ⊕ s), of which the receiver knows exactly the one of its choice.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use. <see cref="Dispose"/> clears s and the column keys.</remarks>
internal sealed class IknpSender : IDisposable
{
    private readonly ColumnStreams _columns;
    private readonly ulong[] _s;
    private readonly ulong _domain;
    private ulong _next;
    private ulong[] _q = [];

    /// <summary>Takes the base-OT receiver's choice string (2 words, copied) and keys (cleared after use).</summary>
    public IknpSender(ReadOnlySpan<ulong> s, ulong[] keys, ReadOnlySpan<byte> transcript, byte instance)
    {
        _s = s.ToArray();
        _columns = new ColumnStreams(keys, transcript, instance);
        _domain = instance;
    }

    /// <summary>
    /// Extends to <paramref name="count"/> OTs from the receiver's message <paramref name="u"/>, writing the keys of
    /// choice 0 and choice 1 (2 words per OT each).
    /// </summary>
    /// <exception cref="MpcProtocolException">The message does not hold 128 columns of <paramref name="count"/> bits.</exception>
    public void Extend(ReadOnlySpan<byte> u, int count, Span<ulong> zero, Span<ulong> one)
    {
        int words = (count + 63) >> 6;
        if (u.Length != 128 * words * sizeof(ulong))
        {
            throw new MpcProtocolException($"The OT-extension message holds {u.Length} bytes, not {128 * words * sizeof(ulong)} for {count} OTs.");
        }

        ReadOnlySpan<ulong> columnsU = MemoryMarshal.Cast<byte, ulong>(u);
        if (_q.Length < 128 * words)
        {
            _q = new ulong[128 * words];
        }

        Span<ulong> q = _q.AsSpan(0, 128 * words);
        for (int i = 0; i < 128; i++)
        {
            Span<ulong> column = q.Slice(i * words, words);
            _columns.Next(i, column);
            if (((_s[i >> 6] >> (i & 63)) & 1) != 0)
            {
                ReadOnlySpan<ulong> ui = columnsU.Slice(i * words, words);
                for (int w = 0; w < words; w++)
                {
                    column[w] ^= ui[w];
                }
            }
        }

        BitTranspose.ColumnsToRows(q, words, zero, count);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(q));
        for (int j = 0; j < count; j++)
        {
            one[2 * j] = zero[2 * j] ^ _s[0];
            one[(2 * j) + 1] = zero[(2 * j) + 1] ^ _s[1];
        }

        FixedKeyAes.Hash(zero, _next, _domain, zero);
        FixedKeyAes.Hash(one, _next, _domain, one);
        _next += (ulong)count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _columns.Dispose();
        Array.Clear(_s);
    }
}
