using System.Collections.Immutable;

namespace Veil.Mpc.Protocols;

/// <summary>
/// The shape of the comparison circuit that decides [c &lt; r] for a public c and a secret r given by XOR-shared bits,
/// over the 63 low bit positions. Each position starts as a group with G = NOT c AND r ("r is larger here") and
/// E = NOT (c XOR r) ("equal here"). A level pairs adjacent groups (hi, lo) into G = G_hi XOR (E_hi AND G_lo) and
/// E = E_hi AND E_lo; the two ANDs share their left input E_hi, so they open three masked values, not four.
/// The lowest group's E is never used and is not computed. Six levels reduce 63 groups to one.
/// </summary>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public static class ComparisonCircuit
{
    /// <summary>The bit positions compared: 0 .. 62 (bit 63 is handled by the sign formula).</summary>
    public const int Positions = 63;

    /// <summary>The levels of the circuit, lowest first.</summary>
    public static ImmutableArray<ComparisonLevel> Levels { get; } = BuildLevels();

    /// <summary>AND gates per element over all levels (118).</summary>
    public static int AndGates => Levels.Sum(level => level.Gates);

    /// <summary>Bits each party opens per element over all levels (180).</summary>
    public static int OpenedBits => Levels.Sum(level => level.Pairs + level.Gates);

    private static ImmutableArray<ComparisonLevel> BuildLevels()
    {
        var levels = ImmutableArray.CreateBuilder<ComparisonLevel>();
        int groups = Positions;
        while (groups > 1)
        {
            int pairs = groups / 2;
            int next = pairs + (groups % 2);
            levels.Add(new ComparisonLevel(groups, pairs, next > 1 ? pairs - 1 : 0));
            groups = next;
        }

        return levels.ToImmutable();
    }
}

/// <summary>
/// One level of <see cref="ComparisonCircuit"/>: <see cref="Groups"/> groups in, <see cref="Pairs"/> pairs combined.
/// Gate g &lt; Pairs computes E_hi AND G_lo of pair g; gate Pairs + j computes E_hi AND E_lo of pair j + 1.
/// Its AND triple holds Pairs blocks of left masks and Gates blocks of right masks and products, W words a block.
/// </summary>
/// <param name="Groups">Groups entering the level.</param>
/// <param name="Pairs">Adjacent pairs combined (a top group left over passes through).</param>
/// <param name="EqualityGates">Pairs whose combined E is still needed (all but pair 0, none on the last level).</param>
public readonly record struct ComparisonLevel(int Groups, int Pairs, int EqualityGates)
{
    /// <summary>AND gates on this level.</summary>
    public int Gates => Pairs + EqualityGates;

    /// <summary>The pair whose left mask gate <paramref name="gate"/> uses.</summary>
    public int PairOfGate(int gate) => gate < Pairs ? gate : gate - Pairs + 1;
}
