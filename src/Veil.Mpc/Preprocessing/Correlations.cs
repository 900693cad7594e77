using Veil.Mpc.Kernels;
using Veil.Mpc.Protocols;

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// The definition of every correlation, written once over <see cref="CorrelationBuilder"/>: run by the dealer it
/// computes the values and party 0's corrections; run by a party it yields that party's shares.
/// </summary>
internal static class Correlations
{
    public static object Build(CorrelationBuilder builder, CorrelationRequest request)
    {
        var p = request.Parameters;
        return request.Kind switch
        {
            CorrelationKind.Multiplication => Multiplication(builder, p[0]),
            CorrelationKind.Square => Square(builder, p[0]),
            CorrelationKind.MatMul => MatMul(builder, p[0], p[1], p[2]),
            CorrelationKind.Conv2d => Conv2d(builder, request.ToConv2dShape()),
            CorrelationKind.And => And(builder, p[0]),
            CorrelationKind.Truncation => Truncation(builder, p[0], p[1]),
            CorrelationKind.Comparison => Comparison(builder, p[0]),
            CorrelationKind.WideComparison => WideComparison(builder, p[0]),
            CorrelationKind.Selection => Selection(builder, p[0], p[1]),
            CorrelationKind.Mask => Mask(builder, p[0]),
            CorrelationKind.MatMulWithMask => MatMulWithMask(builder, p[0], p[1], p[2], p[3]),
            CorrelationKind.Conv2dWithMask => Conv2dWithMask(builder, request.ToConv2dShape(), p[9]),
            CorrelationKind.LinearTraining => LinearTraining(builder, p[0], p[1], p[2], p[3] == 1),
            _ => throw new MpcProtocolException($"Unknown correlation kind {request.Kind}."),
        };
    }

    private static ArithmeticTriple Multiplication(CorrelationBuilder builder, int count)
    {
        ulong[] a = builder.Random(count, ShareDomain.Arithmetic);
        ulong[] b = builder.Random(count, ShareDomain.Arithmetic);
        ulong[] c = builder.Derived(count, ShareDomain.Arithmetic, () => Map(a, b, RingKernels.Multiply));
        return new ArithmeticTriple(a, b, c);
    }

    private static SquarePair Square(CorrelationBuilder builder, int count)
    {
        ulong[] a = builder.Random(count, ShareDomain.Arithmetic);
        ulong[] squared = builder.Derived(count, ShareDomain.Arithmetic, () => Map(a, a, RingKernels.Multiply));
        return new SquarePair(a, squared);
    }

    private static ArithmeticTriple MatMul(CorrelationBuilder builder, int m, int k, int n)
    {
        ulong[] a = builder.Random(m * k, ShareDomain.Arithmetic);
        ulong[] b = builder.Random(k * n, ShareDomain.Arithmetic);
        ulong[] c = builder.Derived(m * n, ShareDomain.Arithmetic, () => RingMatMul.Multiply(a, b, m, k, n));
        return new ArithmeticTriple(a, b, c);
    }

    /// <summary>
    /// A linear layer's training triple: random A (m x k), B (k x n), D (m x n) and the products A B, Aᵀ D and, if
    /// asked, D Bᵀ, so that X − A and W − B opened in the forward pass and δ − D opened in the backward pass serve all
    /// three products of the step.
    /// </summary>
    private static LinearTrainingTriple LinearTraining(CorrelationBuilder builder, int m, int k, int n, bool inputGradient)
    {
        ulong[] a = builder.Random(m * k, ShareDomain.Arithmetic);
        ulong[] b = builder.Random(k * n, ShareDomain.Arithmetic);
        ulong[] d = builder.Random(m * n, ShareDomain.Arithmetic);
        ulong[] ab = builder.Derived(m * n, ShareDomain.Arithmetic, () => RingMatMul.Multiply(a, b, m, k, n));
        ulong[] atd = builder.Derived(k * n, ShareDomain.Arithmetic, () => RingMatMul.Multiply(RingMatMul.Transpose(a, m, k), d, k, m, n));
        ulong[] dbt = inputGradient ? builder.Derived(m * k, ShareDomain.Arithmetic, () => RingMatMul.Multiply(d, RingMatMul.Transpose(b, k, n), m, n, k)) : [];
        return new LinearTrainingTriple(a, b, d, ab, atd, dbt);
    }

    private static ArithmeticTriple Conv2d(CorrelationBuilder builder, Conv2dShape shape)
    {
        ulong[] a = builder.Random(shape.InputCount, ShareDomain.Arithmetic);
        ulong[] b = builder.Random(shape.KernelCount, ShareDomain.Arithmetic);
        ulong[] c = builder.Derived(shape.OutputCount, ShareDomain.Arithmetic, () => RingConv2d.Convolve(shape, a, b));
        return new ArithmeticTriple(a, b, c);
    }

    /// <summary>A fixed mask: random shares from the seeds; the dealer remembers the value. Returns this party's shares.</summary>
    private static ulong[] Mask(CorrelationBuilder builder, int count)
    {
        ulong[] b = builder.Random(count, ShareDomain.Arithmetic);
        builder.RememberMask(b);
        return b;
    }

    /// <summary>A matrix triple for a fixed B: the party's B is its mask share, held by the caller, so B here is empty.</summary>
    private static ArithmeticTriple MatMulWithMask(CorrelationBuilder builder, int m, int k, int n, int maskId)
    {
        ulong[] a = builder.Random(m * k, ShareDomain.Arithmetic);
        ulong[] c = builder.Derived(m * n, ShareDomain.Arithmetic, () => RingMatMul.Multiply(a, builder.RecallMask(maskId, k * n), m, k, n));
        return new ArithmeticTriple(a, [], c);
    }

    /// <summary>A convolution triple for a fixed kernel mask; B is empty as for <see cref="MatMulWithMask"/>.</summary>
    private static ArithmeticTriple Conv2dWithMask(CorrelationBuilder builder, Conv2dShape shape, int maskId)
    {
        ulong[] a = builder.Random(shape.InputCount, ShareDomain.Arithmetic);
        ulong[] c = builder.Derived(shape.OutputCount, ShareDomain.Arithmetic, () => RingConv2d.Convolve(shape, a, builder.RecallMask(maskId, shape.KernelCount)));
        return new ArithmeticTriple(a, [], c);
    }

    private static BinaryTriple And(CorrelationBuilder builder, int words)
    {
        ulong[] a = builder.Random(words, ShareDomain.Binary);
        ulong[] b = builder.Random(words, ShareDomain.Binary);
        ulong[] c = builder.Derived(words, ShareDomain.Binary, () => Map(a, b, RingKernels.And));
        return new BinaryTriple(a, b, c);
    }

    private static TruncationPair Truncation(CorrelationBuilder builder, int count, int shift)
    {
        ulong[] r = builder.Random(count, ShareDomain.Arithmetic);
        ulong[] shifted = builder.Derived(count, ShareDomain.Arithmetic, () => Array.ConvertAll(r, value => value >> shift));
        ulong[] top = builder.Derived(count, ShareDomain.Arithmetic, () => Array.ConvertAll(r, value => value >> 63));
        return new TruncationPair(r, shifted, top);
    }

    private static ComparisonCorrelation Comparison(CorrelationBuilder builder, int count)
    {
        int words = BitPlanes.WordsFor(count);
        var (r, bits) = MaskAndBits(builder, count);
        var levels = new BinaryTriple[ComparisonCircuit.Levels.Length];
        for (int l = 0; l < levels.Length; l++)
        {
            ComparisonLevel level = ComparisonCircuit.Levels[l];
            ulong[] a = builder.Random(level.Pairs * words, ShareDomain.Binary);
            ulong[] b = builder.Random(level.Gates * words, ShareDomain.Binary);
            ulong[] c = builder.Derived(level.Gates * words, ShareDomain.Binary, () => SharedLeftAnd(level, a, b, words));
            levels[l] = new BinaryTriple(a, b, c);
        }

        return new ComparisonCorrelation(r, bits, levels);
    }

    /// <summary>
    /// A radix-4 comparison mask: r and its bits as for <see cref="Comparison"/>, then per level random masks for the
    /// opened variables and the derived AND of the masks over each subset a term needs.
    /// </summary>
    private static WideComparisonCorrelation WideComparison(CorrelationBuilder builder, int count)
    {
        int words = BitPlanes.WordsFor(count);
        var (r, bits) = MaskAndBits(builder, count);
        var masks = new List<ulong[]>();
        var products = new List<ulong[]>();
        foreach (WideComparisonLevel level in WideComparisonCircuit.Levels)
        {
            ulong[] a = builder.Random(level.Variables * words, ShareDomain.Binary);
            masks.Add(a);
            products.Add(builder.Derived(level.Products * words, ShareDomain.Binary, () => MaskProducts(level, a, words)));
        }

        return new WideComparisonCorrelation(r, bits, masks, products);
    }

    /// <summary>For each group of the level and each of its subsets, the AND of the subset's variable masks.</summary>
    private static ulong[] MaskProducts(WideComparisonLevel level, ulong[] masks, int words)
    {
        var products = new ulong[level.Products * words];
        int variables = 0, subsets = 0;
        foreach (WideComparisonGroup group in level.Groups)
        {
            for (int s = 0; s < group.Subsets.Length; s++)
            {
                Span<ulong> target = products.AsSpan((subsets + s) * words, words);
                target.Fill(ulong.MaxValue);
                for (int v = 0; v < group.Variables; v++)
                {
                    if (((group.Subsets[s] >> v) & 1) != 0)
                    {
                        RingKernels.And(target, masks.AsSpan((variables + v) * words, words), target);
                    }
                }
            }

            variables += group.Variables;
            subsets += group.Subsets.Length;
        }

        return products;
    }

    private static SelectionCorrelation Selection(CorrelationBuilder builder, int count, int vectors)
    {
        int words = BitPlanes.WordsFor(count);
        ulong[] bits = builder.Random(words, ShareDomain.Binary);
        ulong[] arithmetic = builder.Derived(count, ShareDomain.Arithmetic, () =>
        {
            var t = new ulong[count];
            for (int i = 0; i < count; i++)
            {
                t[i] = (bits[i >> 6] >> (i & 63)) & 1;
            }

            return t;
        });
        var masks = new ulong[vectors][];
        var products = new ulong[vectors][];
        for (int v = 0; v < vectors; v++)
        {
            ulong[] mask = builder.Random(count, ShareDomain.Arithmetic);
            masks[v] = mask;
            products[v] = builder.Derived(count, ShareDomain.Arithmetic, () => Map(mask, arithmetic, RingKernels.Multiply));
        }

        return new SelectionCorrelation(bits, arithmetic, masks, products);
    }

    /// <summary>A comparison's mask r (arithmetic shares) and its bit planes (XOR shares, derived by the dealer).</summary>
    private static (ulong[] R, ulong[] Bits) MaskAndBits(CorrelationBuilder builder, int count)
    {
        int words = BitPlanes.WordsFor(count);
        ulong[] r = builder.Random(count, ShareDomain.Arithmetic);
        ulong[] bits = builder.Derived(BitPlanes.Bits * words, ShareDomain.Binary, () =>
        {
            var planes = new ulong[BitPlanes.Bits * words];
            BitPlanes.ToPlanes(r, planes);
            return planes;
        });
        return (r, bits);
    }

    /// <summary>c[gate block] = a[pair block of the gate] AND b[gate block].</summary>
    private static ulong[] SharedLeftAnd(ComparisonLevel level, ulong[] a, ulong[] b, int words)
    {
        var c = new ulong[level.Gates * words];
        for (int gate = 0; gate < level.Gates; gate++)
        {
            RingKernels.And(a.AsSpan(level.PairOfGate(gate) * words, words), b.AsSpan(gate * words, words), c.AsSpan(gate * words, words));
        }

        return c;
    }

    private static ulong[] Map(ulong[] x, ulong[] y, RingBinaryKernel kernel)
    {
        var result = new ulong[x.Length];
        kernel(x, y, result);
        return result;
    }
}
