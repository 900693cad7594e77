using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Protocols;
using Veil.Random;

namespace Veil.Mpc.Tests.Preprocessing;

/// <summary>
/// A test-only <see cref="ITripleSource"/> without a dealer: all parties hold one common seed, draw every party's
/// shares from it, and keep their own. It is insecure (everyone can compute everything) and exists to show that a
/// source other than the dealer plugs into the protocols through the public interface alone.
/// </summary>
internal sealed class CommonSeedTripleSource(byte[] seed, int partyId, int partyCount) : ITripleSource
{
    private readonly AesCtrPrg _common = new(seed);
    private readonly List<ulong[]> _masks = [];

    public ArithmeticTriple Multiplication(int count)
    {
        ulong[] a = Random(count), b = Random(count);
        return new ArithmeticTriple(Share(a), Share(b), Share(a.Zip(b, (x, y) => x * y).ToArray()));
    }

    public SquarePair Square(int count)
    {
        ulong[] a = Random(count);
        return new SquarePair(Share(a), Share(a.Select(x => x * x).ToArray()));
    }

    public ArithmeticTriple MatMul(int m, int k, int n)
    {
        ulong[] a = Random(m * k), b = Random(k * n);
        return new ArithmeticTriple(Share(a), Share(b), Share(RingMatMul.Multiply(a, b, m, k, n)));
    }

    public ArithmeticTriple Conv2d(Conv2dShape shape)
    {
        ulong[] a = Random(shape.InputCount), b = Random(shape.KernelCount);
        return new ArithmeticTriple(Share(a), Share(b), Share(RingConv2d.Convolve(shape, a, b)));
    }

    public OperandMask Mask(int count)
    {
        ulong[] b = Random(count);
        _masks.Add(b);
        return new OperandMask(_masks.Count - 1, Share(b));
    }

    public ArithmeticTriple MatMul(int m, int k, int n, OperandMask right)
    {
        ulong[] a = Random(m * k);
        return new ArithmeticTriple(Share(a), right.Shares.ToArray(), Share(RingMatMul.Multiply(a, _masks[right.Id], m, k, n)));
    }

    public ArithmeticTriple Conv2d(Conv2dShape shape, OperandMask kernel)
    {
        ulong[] a = Random(shape.InputCount);
        return new ArithmeticTriple(Share(a), kernel.Shares.ToArray(), Share(RingConv2d.Convolve(shape, a, _masks[kernel.Id])));
    }

    public LinearTrainingTriple LinearTraining(int m, int k, int n, bool inputGradient)
    {
        ulong[] a = Random(m * k), b = Random(k * n), d = Random(m * n);
        ulong[] atd = RingMatMul.Multiply(RingMatMul.Transpose(a, m, k), d, k, m, n);
        ulong[] dbt = inputGradient ? Share(RingMatMul.Multiply(d, RingMatMul.Transpose(b, k, n), m, n, k)) : [];
        return new LinearTrainingTriple(Share(a), Share(b), Share(d), Share(RingMatMul.Multiply(a, b, m, k, n)), Share(atd), dbt);
    }

    public BinaryTriple And(int words)
    {
        ulong[] a = Random(words), b = Random(words);
        return new BinaryTriple(ShareBits(a), ShareBits(b), ShareBits(a.Zip(b, (x, y) => x & y).ToArray()));
    }

    public TruncationPair Truncation(int count, int shift)
    {
        ulong[] r = Random(count);
        return new TruncationPair(Share(r), Share(r.Select(x => x >> shift).ToArray()), Share(r.Select(x => x >> 63).ToArray()));
    }

    public ComparisonCorrelation Comparison(int count)
    {
        int w = (count + 63) / 64;
        ulong[] r = Random(count);
        var planes = new ulong[64 * w];
        for (int i = 0; i < count; i++)
        {
            for (int b = 0; b < 64; b++)
            {
                planes[(b * w) + (i / 64)] |= ((r[i] >> b) & 1) << (i % 64);
            }
        }

        var levels = new List<BinaryTriple>();
        foreach (ComparisonLevel level in ComparisonCircuit.Levels)
        {
            ulong[] a = Random(level.Pairs * w), b = Random(level.Gates * w);
            var c = new ulong[b.Length];
            for (int i = 0; i < c.Length; i++)
            {
                c[i] = a[(level.PairOfGate(i / w) * w) + (i % w)] & b[i];
            }

            levels.Add(new BinaryTriple(ShareBits(a), ShareBits(b), ShareBits(c)));
        }

        return new ComparisonCorrelation(Share(r), ShareBits(planes), levels);
    }

    public SelectionCorrelation Selection(int count, int vectors)
    {
        ulong[] t = Random((count + 63) / 64);
        ulong[] arithmetic = Enumerable.Range(0, count).Select(i => (t[i / 64] >> (i % 64)) & 1).ToArray();
        var masks = new ulong[vectors][];
        var products = new ulong[vectors][];
        for (int v = 0; v < vectors; v++)
        {
            ulong[] a = Random(count);
            masks[v] = Share(a);
            products[v] = Share(a.Zip(arithmetic, (x, y) => x * y).ToArray());
        }

        return new SelectionCorrelation(ShareBits(t), Share(arithmetic), masks, products);
    }

    public void Dispose() => _common.Dispose();

    private ulong[] Random(int count)
    {
        var values = new ulong[count];
        _common.Fill(values);
        return values;
    }

    /// <summary>Draws every party's additive share of <paramref name="value"/> and returns this party's.</summary>
    private ulong[] Share(ulong[] value) => Split(value, (x, y) => x - y);

    /// <summary>Draws every party's XOR share of <paramref name="value"/> and returns this party's.</summary>
    private ulong[] ShareBits(ulong[] value) => Split(value, (x, y) => x ^ y);

    private ulong[] Split(ulong[] value, Func<ulong, ulong, ulong> remove)
    {
        var mine = (ulong[])value.Clone();
        var first = (ulong[])value.Clone();
        for (int party = 1; party < partyCount; party++)
        {
            ulong[] share = Random(value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                first[i] = remove(first[i], share[i]);
            }

            if (party == partyId)
            {
                mine = share;
            }
        }

        return partyId == 0 ? first : mine;
    }
}
