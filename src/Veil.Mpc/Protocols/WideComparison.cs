using System.Numerics;
using System.Runtime.CompilerServices;
using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Protocols;

/// <summary>
/// The radix-4 comparison (<see cref="WideComparisonCircuit"/>): the same masked comparison as
/// <see cref="Comparison"/>, with the prefix tree's six levels joined pairwise into three, so a comparison takes 4
/// rounds instead of 7. Used when the preprocessing source makes its masks (the dealer does).
/// </summary>
/// <remarks>Thread-safety: stateless; each call runs on the party's protocol thread.</remarks>
internal static class WideComparison
{
    /// <summary>This party's XOR shares (bit-packed) of [x ≥ 0] for its arithmetic shares <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong[] NonNegativeShares(MpcContext context, ReadOnlySpan<ulong> x)
    {
        int w = BitPlanes.WordsFor(x.Length);
        WideComparisonCorrelation mask = context.Triples.WideComparison(x.Length);
        var (cBits, g, e) = Comparison.OpenMasked(context, x, mask.R, mask.RBits, w);
        for (int l = 0; l < WideComparisonCircuit.Levels.Length; l++)
        {
            (g, e) = JoinLevel(context, WideComparisonCircuit.Levels[l], mask.Masks[l], mask.Products[l], g, e, w);
        }

        return Comparison.NotMostSignificant(context, cBits, mask.RBits, g, w);
    }

    /// <summary>One level: opens every group's variables under their masks (one round), then evaluates the terms.</summary>
    private static (ulong[] G, ulong[] E) JoinLevel(MpcContext context, WideComparisonLevel level, ulong[] masks, ulong[] products, ulong[] g, ulong[] e, int w)
    {
        var masked = new ulong[level.Variables * w];
        int variable = 0;
        foreach (WideComparisonGroup group in level.Groups)
        {
            foreach (int input in group.EqualInputs)
            {
                RingKernels.Xor(e.AsSpan(input * w, w), masks.AsSpan(variable * w, w), masked.AsSpan(variable * w, w));
                variable++;
            }

            foreach (int input in group.GreaterInputs)
            {
                RingKernels.Xor(g.AsSpan(input * w, w), masks.AsSpan(variable * w, w), masked.AsSpan(variable * w, w));
                variable++;
            }
        }

        ulong[] opened = level.Variables > 0 ? Opening.OpenBinary(context, masked) : [];
        bool first = context.PartyId == 0;
        var nextG = new ulong[level.Groups.Length * w];
        var nextE = new ulong[level.Groups.Length * w];
        int variables = 0, subsets = 0;
        for (int j = 0; j < level.Groups.Length; j++)
        {
            WideComparisonGroup group = level.Groups[j];
            int highest = group.First + group.Size - 1;
            Span<ulong> targetG = nextG.AsSpan(j * w, w);
            g.AsSpan(highest * w, w).CopyTo(targetG);
            if (group.Size == 1)
            {
                e.AsSpan(highest * w, w).CopyTo(nextE.AsSpan(j * w, w));
                continue;
            }

            var terms = new GroupTerms(group, opened.AsSpan(variables * w, group.Variables * w), masks.AsSpan(variables * w, group.Variables * w),
                products.AsSpan(subsets * w, group.Subsets.Length * w), w, first);
            foreach (int term in group.GreaterTerms)
            {
                terms.AddProduct(term, targetG);
            }

            if (group.NeedsEqual)
            {
                terms.AddProduct(group.EqualTerm, nextE.AsSpan(j * w, w));
            }

            variables += group.Variables;
            subsets += group.Subsets.Length;
        }

        return (nextG, nextE);
    }

    /// <summary>Evaluates products of a group's variables from the opened d = x ⊕ a and the shared mask products.</summary>
    private readonly ref struct GroupTerms(WideComparisonGroup group, ReadOnlySpan<ulong> opened, ReadOnlySpan<ulong> masks, ReadOnlySpan<ulong> products, int w, bool first)
    {
        private readonly ReadOnlySpan<ulong> _opened = opened;
        private readonly ReadOnlySpan<ulong> _masks = masks;
        private readonly ReadOnlySpan<ulong> _products = products;

        /// <summary>
        /// XORs this party's share of Π over <paramref name="term"/> of x_v into <paramref name="target"/>:
        /// Π (d_v ⊕ a_v) = ⊕ over subsets S of (Π over term∖S of d_v)·(Π over S of a_v), where the empty S's share is
        /// party 0's, a singleton's is the variable's mask share and a larger S's is the dealer's product.
        /// </summary>
        public void AddProduct(int term, Span<ulong> target)
        {
            Span<ulong> publicPart = w <= 256 ? stackalloc ulong[w] : new ulong[w];
            int s = term;
            while (true)
            {
                // Π over term∖S of d.
                publicPart.Fill(ulong.MaxValue);
                int rest = term & ~s;
                for (int v = 0; v < group.Variables; v++)
                {
                    if (((rest >> v) & 1) != 0)
                    {
                        RingKernels.And(publicPart, _opened.Slice(v * w, w), publicPart);
                    }
                }

                if (s == 0)
                {
                    if (first)
                    {
                        RingKernels.Xor(target, publicPart, target);
                    }

                    break;
                }

                ReadOnlySpan<ulong> share = BitOperations.PopCount((uint)s) == 1
                    ? _masks.Slice(BitOperations.TrailingZeroCount(s) * w, w)
                    : _products.Slice(group.IndexOf(s) * w, w);
                for (int i = 0; i < w; i++)
                {
                    target[i] ^= publicPart[i] & share[i];
                }

                s = (s - 1) & term;
            }
        }
    }
}
