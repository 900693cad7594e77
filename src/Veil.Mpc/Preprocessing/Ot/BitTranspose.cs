using System.Runtime.CompilerServices;
using Veil.Mpc.Kernels;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The IKNP transpose: 128 columns of m bits (column i is words [i W, (i + 1) W), bit j of the column is OT j) into m
/// rows of 128 bits (row j is words 2j, 2j + 1). It works in 64 × 64 blocks with the six-stage masked-swap transpose
/// of <see cref="BitPlanes.Transpose64"/>, O(64 log 64) word operations per block.
/// </summary>
/// <remarks>Thread-safety: stateless; safe from any thread.</remarks>
internal static class BitTranspose
{
    /// <summary>Transposes <paramref name="columns"/> (128 × <paramref name="columnWords"/>) into <paramref name="rows"/> (2 m words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnsToRows(ReadOnlySpan<ulong> columns, int columnWords, Span<ulong> rows, int count)
    {
        Guard.LengthEquals(columns.Length, 128 * columnWords, nameof(columns));
        Guard.LengthEquals(rows.Length, 2 * count, nameof(rows));
        Span<ulong> block = stackalloc ulong[64];
        for (int w = 0; w < columnWords; w++)
        {
            int take = Math.Min(64, count - (64 * w));
            for (int half = 0; half < 2; half++)
            {
                for (int r = 0; r < 64; r++)
                {
                    block[r] = columns[(((64 * half) + r) * columnWords) + w];
                }

                BitPlanes.Transpose64(block);
                for (int j = 0; j < take; j++)
                {
                    rows[(2 * ((64 * w) + j)) + half] = block[j];
                }
            }
        }
    }
}
