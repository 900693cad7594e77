using Veil.Mpc.Kernels;
using Veil.Mpc.Protocols;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The bit kinds. Each party draws its own random bits, so XOR shares of a random bit b = b0 ⊕ b1 cost nothing; its
/// arithmetic form b = b_s + b_r (1 − 2 b_s) takes one correlated OT with the receiver's choice b_r and the sender's
/// correlation 1 − 2 b_s (bits of even index with party 1 receiving, odd with party 0, to share the work). Only the
/// low w bits of a bit's arithmetic share are needed where it is scaled by 2^(64 − w), so only w are sent. AND triples
/// come from random OTs with no correction at all: the receiver chooses with its a-bit, the sender's m0 ⊕ m1 is its
/// b-bit, and m_c ⊕ m0 = a_r b_s.
/// </summary>
internal sealed partial class OtPlanner
{
    private Func<object> Truncation(CotBatch batch, int count, int shift)
    {
        ulong[] bits = Fresh(count);
        var arithmetic = BitsToArithmetic(batch, bits, count, i => i == 63 ? 64 : i >= shift ? Math.Min(64, 64 - i + shift) : 64 - i);
        return () =>
        {
            ulong[] beta = arithmetic();
            ulong[] r = new ulong[count], shifted = new ulong[count], top = new ulong[count];
            for (int e = 0; e < count; e++)
            {
                ReadOnlySpan<ulong> b = beta.AsSpan(e * 64, 64);
                ulong value = 0, high = 0;
                for (int i = 0; i < 64; i++)
                {
                    value += b[i] << i;
                    if (i >= shift)
                    {
                        high += b[i] << (i - shift);
                    }
                }

                (r[e], shifted[e], top[e]) = (value, high, b[63]);
            }

            return new TruncationPair(r, shifted, top);
        };
    }

    private Func<object> Comparison(CotBatch batch, int count)
    {
        int words = BitPlanes.WordsFor(count);
        ulong[] bits = Fresh(count);
        var planes = new ulong[BitPlanes.Bits * words];
        BitPlanes.ToPlanes(bits, planes);
        var arithmetic = BitsToArithmetic(batch, bits, count, i => 64 - i);
        var levels = ComparisonCircuit.Levels.Select(level => SharedLeftAnd(batch, level, words)).ToArray();
        return () =>
        {
            ulong[] beta = arithmetic();
            var r = new ulong[count];
            for (int e = 0; e < count; e++)
            {
                ulong value = 0;
                for (int i = 0; i < 64; i++)
                {
                    value += beta[(e * 64) + i] << i;
                }

                r[e] = value;
            }

            return new ComparisonCorrelation(r, planes, levels.Select(level => level()).ToArray());
        };
    }

    /// <summary>
    /// t = t0 ⊕ t1 and a_v t for V masks: a_p t = a_p t_p + t_q a_p (1 − 2 t_p) and t = t_0 + t_1 (1 − 2 t_0), so one OT
    /// on t_1 carries (1 − 2 t_0, a_0v (1 − 2 t_0)) and one on t_0 carries (a_1v (1 − 2 t_1)).
    /// </summary>
    private Func<object> Selection(CotBatch batch, int count, int vectors)
    {
        int words = BitPlanes.WordsFor(count);
        ulong[] bits = Fresh(words);
        var masks = new ulong[vectors][];
        for (int v = 0; v < vectors; v++)
        {
            masks[v] = Fresh(count);
        }

        ulong Bit(int j) => (bits[j >> 6] >> (j & 63)) & 1;
        int sendLength = party == 0 ? vectors + 1 : vectors, receiveLength = party == 0 ? vectors : vectors + 1;
        var deltas = new ulong[count * sendLength];
        for (int j = 0; j < count; j++)
        {
            ulong sign = 1 - (2 * Bit(j));
            int at = j * sendLength;
            if (party == 0)
            {
                deltas[at++] = sign;
            }

            for (int v = 0; v < vectors; v++)
            {
                deltas[at + v] = masks[v][j] * sign;
            }
        }

        var sent = new ulong[count * sendLength];
        var received = new ulong[count * receiveLength];
        if (sendLength > 0)
        {
            batch.Sending.Add(new VectorCotSender(deltas, count, sendLength, _ => 64, sent));
        }

        if (receiveLength > 0)
        {
            batch.Receiving.Add(new VectorCotReceiver(bits, count, receiveLength, _ => 64, received));
        }

        return () =>
        {
            var arithmetic = new ulong[count];
            var products = new ulong[vectors][];
            for (int v = 0; v < vectors; v++)
            {
                products[v] = new ulong[count];
            }

            for (int j = 0; j < count; j++)
            {
                ulong t = Bit(j);
                arithmetic[j] = party == 0 ? t - sent[j * sendLength] : received[j * receiveLength];
                for (int v = 0; v < vectors; v++)
                {
                    ulong own = (masks[v][j] * t) - (party == 0 ? sent[(j * sendLength) + 1 + v] : sent[(j * sendLength) + v]);
                    ulong peer = party == 0 ? received[(j * receiveLength) + v] : received[(j * receiveLength) + 1 + v];
                    products[v][j] = own + peer;
                }
            }

            return new SelectionCorrelation(bits, arithmetic, masks, products);
        };
    }

    private Func<object> And(CotBatch batch, int words)
    {
        int count = 64 * words;
        ulong[] a = Fresh(words);
        ulong[] chosen = new ulong[count], zero = new ulong[count], one = new ulong[count];
        batch.Receiving.Add(new RandomOtReceiver(a, count, _ => 1, chosen));
        batch.Sending.Add(new RandomOtSender(count, _ => 1, zero, one));
        return () =>
        {
            ulong[] b = new ulong[words], c = new ulong[words];
            for (int j = 0; j < count; j++)
            {
                b[j >> 6] |= (zero[j] ^ one[j]) << (j & 63);
                c[j >> 6] |= (chosen[j] ^ zero[j]) << (j & 63);
            }

            for (int w = 0; w < words; w++)
            {
                c[w] ^= a[w] & b[w];
            }

            return new BinaryTriple(a, b, c);
        };
    }

    /// <summary>
    /// A comparison level's shared-left AND triple: one random OT per pair and bit position, chosen by the pair's
    /// a-bit, of 1 or 2 bits, one for each gate that uses the pair (gate p, and gate Pairs + p − 1 for p ≥ 1).
    /// </summary>
    private Func<BinaryTriple> SharedLeftAnd(CotBatch batch, ComparisonLevel level, int words)
    {
        int positions = 64 * words, count = level.Pairs * positions;
        ulong[] a = Fresh(level.Pairs * words);
        ulong[] chosen = new ulong[count], zero = new ulong[count], one = new ulong[count];
        int Width(int ot)
        {
            int pair = ot / positions;
            return pair >= 1 && pair - 1 < level.EqualityGates ? 2 : 1;
        }

        batch.Receiving.Add(new RandomOtReceiver(a, count, Width, chosen));
        batch.Sending.Add(new RandomOtSender(count, Width, zero, one));
        return () =>
        {
            ulong[] b = new ulong[level.Gates * words], c = new ulong[level.Gates * words];
            for (int ot = 0; ot < count; ot++)
            {
                int pair = ot / positions, position = ot % positions;
                int word = position >> 6, shift = position & 63;
                ulong own = zero[ot] ^ one[ot], cross = chosen[ot] ^ zero[ot];
                for (int slot = 0; slot < Width(ot); slot++)
                {
                    int gate = slot == 0 ? pair : level.Pairs + pair - 1;
                    b[(gate * words) + word] |= ((own >> slot) & 1) << shift;
                    c[(gate * words) + word] |= ((cross >> slot) & 1) << shift;
                }
            }

            for (int gate = 0; gate < level.Gates; gate++)
            {
                Span<ulong> target = c.AsSpan(gate * words, words);
                for (int w = 0; w < words; w++)
                {
                    target[w] ^= a[(level.PairOfGate(gate) * words) + w] & b[(gate * words) + w];
                }
            }

            return new BinaryTriple(a, b, c);
        };
    }

    /// <summary>
    /// Arithmetic shares of the 64 bits of each element, XOR-shared as <paramref name="bits"/> (this party's word per
    /// element); bit i's share is valid modulo 2^width(i). The result lists element e's bits at [64 e, 64 e + 64).
    /// </summary>
    private Func<ulong[]> BitsToArithmetic(CotBatch batch, ulong[] bits, int count, Func<int, int> width)
    {
        // Party 0 receives the odd bits, party 1 the even ones; each segment holds 32 bits per element.
        int receiveParity = party == 0 ? 1 : 0, sendParity = 1 - receiveParity, ots = count * 32;
        var choices = new ulong[(ots + 63) >> 6];
        var deltas = new ulong[ots];
        for (int t = 0; t < ots; t++)
        {
            int e = t >> 5, slot = t & 31;
            choices[t >> 6] |= ((bits[e] >> ((2 * slot) + receiveParity)) & 1) << (t & 63);
            deltas[t] = 1 - (2 * ((bits[e] >> ((2 * slot) + sendParity)) & 1));
        }

        ulong[] received = new ulong[ots], sent = new ulong[ots];
        batch.Receiving.Add(new VectorCotReceiver(choices, ots, 1, t => width((2 * (t & 31)) + receiveParity), received));
        batch.Sending.Add(new VectorCotSender(deltas, ots, 1, t => width((2 * (t & 31)) + sendParity), sent));
        return () =>
        {
            var beta = new ulong[count * 64];
            for (int t = 0; t < ots; t++)
            {
                int e = t >> 5, slot = t & 31;
                beta[(e * 64) + (2 * slot) + receiveParity] = received[t];
                int i = (2 * slot) + sendParity;
                beta[(e * 64) + i] = ((bits[e] >> i) & 1) - sent[t];
            }

            Array.Clear(choices);
            Array.Clear(deltas);
            return beta;
        };
    }
}
