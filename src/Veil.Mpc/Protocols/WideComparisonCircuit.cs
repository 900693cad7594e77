using System.Collections.Immutable;
using System.Numerics;

namespace Veil.Mpc.Protocols;

/// <summary>
/// The layout of the radix-4 comparison circuit: the same prefix computation as <see cref="ComparisonCircuit"/>
/// ("is r larger than the public c in the low 63 bits"), but each level joins four adjacent groups at once, so 63
/// positions take three levels (63 → 16 → 4 → 1) instead of six. Joining groups 3 (highest) .. 0 is
/// <code>
/// G = g3 ⊕ e3·g2 ⊕ e3·e2·g1 ⊕ e3·e2·e1·g0        E = e3·e2·e1·e0
/// </code>
/// (the terms are mutually exclusive, so XOR is OR). Each product of up to four shared bits takes one round: every
/// input is opened under a mask, d = x ⊕ a, and Π x = ⊕ over subsets S of (Π over the others of d)·(Π over S of a),
/// with the dealer supplying the shared products of the masks for every subset a term needs
/// (<see cref="WideComparisonGroup.Subsets"/>).
/// </summary>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public static class WideComparisonCircuit
{
    /// <summary>The groups joined at most at once.</summary>
    public const int Radix = 4;

    /// <summary>The levels, lowest first.</summary>
    public static ImmutableArray<WideComparisonLevel> Levels { get; } = BuildLevels();

    /// <summary>Mask bits opened per element over all levels.</summary>
    public static int OpenedBits => Levels.Sum(level => level.Variables);

    /// <summary>Shared mask products the dealer derives per element over all levels.</summary>
    public static int ProductBits => Levels.Sum(level => level.Products);

    private static ImmutableArray<WideComparisonLevel> BuildLevels()
    {
        var levels = ImmutableArray.CreateBuilder<WideComparisonLevel>();
        int groups = ComparisonCircuit.Positions;
        while (groups > 1)
        {
            int next = (groups + Radix - 1) / Radix;
            var joined = ImmutableArray.CreateBuilder<WideComparisonGroup>(next);
            for (int j = 0; j < next; j++)
            {
                int size = Math.Min(Radix, groups - (j * Radix));

                // E of the lowest group is never needed (no higher term uses it), nor any E at the last level.
                joined.Add(WideComparisonGroup.Create(j * Radix, size, needsEqual: j > 0 && next > 1));
            }

            levels.Add(new WideComparisonLevel(joined.MoveToImmutable()));
            groups = next;
        }

        return levels.ToImmutable();
    }
}

/// <summary>One level: the groups it joins and the groups it makes.</summary>
/// <param name="Groups">The joined groups, lowest first.</param>
public sealed record WideComparisonLevel(ImmutableArray<WideComparisonGroup> Groups)
{
    /// <summary>Opened mask bits of the level per element.</summary>
    public int Variables => Groups.Sum(g => g.Variables);

    /// <summary>Shared mask products of the level per element.</summary>
    public int Products => Groups.Sum(g => g.Subsets.Length);
}

/// <summary>
/// One joined group: which input groups it takes, the variables it opens (the E of its inputs but the lowest, then
/// the lowest E if needed, then the G of its inputs but the highest, whose G enters linearly), the products each term
/// is made of, and the subsets of variables (bit masks, at least two variables) whose mask products it needs.
/// </summary>
public sealed record WideComparisonGroup
{
    private WideComparisonGroup(int first, int size, bool needsEqual, ImmutableArray<int> equalInputs, ImmutableArray<int> greaterInputs,
        ImmutableArray<int> greaterTerms, int equalTerm, ImmutableArray<int> subsets)
    {
        First = first;
        Size = size;
        NeedsEqual = needsEqual;
        EqualInputs = equalInputs;
        GreaterInputs = greaterInputs;
        GreaterTerms = greaterTerms;
        EqualTerm = equalTerm;
        Subsets = subsets;
    }

    /// <summary>The first (lowest) input group.</summary>
    public int First { get; }

    /// <summary>Input groups joined (1 .. 4).</summary>
    public int Size { get; }

    /// <summary>Whether the group's E is computed.</summary>
    public bool NeedsEqual { get; }

    /// <summary>The input group of each E variable, in variable order.</summary>
    public ImmutableArray<int> EqualInputs { get; }

    /// <summary>The input group of each G variable, in variable order (after the E variables).</summary>
    public ImmutableArray<int> GreaterInputs { get; }

    /// <summary>The variable sets (bit masks) of G's product terms; G is the highest input's G XOR these.</summary>
    public ImmutableArray<int> GreaterTerms { get; }

    /// <summary>The variable set of E's single product (0 when E is not needed).</summary>
    public int EqualTerm { get; }

    /// <summary>The variable subsets of at least two whose mask products the dealer supplies, in this order.</summary>
    public ImmutableArray<int> Subsets { get; }

    /// <summary>Variables opened: E variables then G variables.</summary>
    public int Variables => EqualInputs.Length + GreaterInputs.Length;

    /// <summary>The index in <see cref="Subsets"/> of a subset of at least two variables.</summary>
    public int IndexOf(int subset) => Subsets.IndexOf(subset);

    internal static WideComparisonGroup Create(int first, int size, bool needsEqual)
    {
        // Variables: e of inputs size-1 .. 1 (and 0 if E is needed), then g of inputs size-2 .. 0.
        var equal = ImmutableArray.CreateBuilder<int>();
        for (int k = size - 1; k >= (needsEqual ? 0 : 1); k--)
        {
            equal.Add(first + k);
        }

        var greater = ImmutableArray.CreateBuilder<int>();
        for (int k = size - 2; k >= 0; k--)
        {
            greater.Add(first + k);
        }

        int EqualVariable(int k) => size - 1 - k;            // e of input k (k ≥ 1, or 0 when needed)
        int GreaterVariable(int k) => equal.Count + (size - 2 - k); // g of input k ≤ size - 2

        // G = g_{size-1} XOR over k < size-1 of (e_{size-1} ... e_{k+1}) g_k.
        var terms = ImmutableArray.CreateBuilder<int>();
        for (int k = size - 2; k >= 0; k--)
        {
            int set = 1 << GreaterVariable(k);
            for (int j = k + 1; j < size; j++)
            {
                set |= 1 << EqualVariable(j);
            }

            terms.Add(set);
        }

        int equalTerm = 0;
        if (needsEqual)
        {
            for (int j = 0; j < size; j++)
            {
                equalTerm |= 1 << EqualVariable(j);
            }
        }

        var subsets = new SortedSet<int>();
        foreach (int term in terms.Append(equalTerm))
        {
            // Every subset of the term with at least two variables.
            for (int s = term; s != 0; s = (s - 1) & term)
            {
                if (BitOperations.PopCount((uint)s) >= 2)
                {
                    subsets.Add(s);
                }
            }
        }

        return new WideComparisonGroup(first, size, needsEqual, equal.ToImmutable(), greater.ToImmutable(), terms.ToImmutable(), equalTerm, [.. subsets]);
    }
}
