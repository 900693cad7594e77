using Veil.Mpc.Kernels;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// Products with a fixed mask. A two-sided mask B = B0 + B1 takes both cross terms, as a fresh triple does. A
/// one-sided mask, held whole by its owner p (the other party q holds zero), is for an operand p knows in the clear:
/// then C = A B = A_p B + A_q B, p computes A_p B locally, and one Gilboa product gives the shares of A_q B, half the
/// OTs and corrections of two cross terms.
/// </summary>
internal sealed partial class OtPlanner
{
    private Func<object> MatMulWithMask(CotBatch batch, int m, int k, int n, OtMask mask) =>
        mask.IsOneSided ? OwnedMatMul(batch, m, k, n, mask) : MatMul(batch, m, k, n, mask.Shares, withB: false);

    private Func<object> Conv2dWithMask(CotBatch batch, Conv2dShape shape, OtMask kernel) =>
        kernel.IsOneSided ? OwnedConv2d(batch, shape, kernel) : Conv2d(batch, shape, kernel.Shares, withB: false);

    /// <summary>A B for B (k × n) held by the mask's owner: the non-owner's A_q is the left factor of the one cross term.</summary>
    private Func<object> OwnedMatMul(CotBatch batch, int m, int k, int n, OtMask mask)
    {
        bool owner = mask.Owner == party;
        ulong[] a = Fresh(m * k);
        ulong[] c = owner ? RingMatMul.Multiply(a, mask.Shares, m, k, n) : new ulong[m * n];
        var finish = SingleCross(batch, owner ? mask.Shares : a, holdsLeft: !owner, m, k, n, c);
        return () =>
        {
            finish();
            return new ArithmeticTriple(a, [], c);
        };
    }

    /// <summary>
    /// conv(A, K) for K held by the mask's owner: lowered, K (OC × IC KH KW) times im2col(A_q), the owner holding the
    /// left factor and the non-owner the right.
    /// </summary>
    private Func<object> OwnedConv2d(CotBatch batch, Conv2dShape shape, OtMask kernel)
    {
        bool owner = kernel.Owner == party;
        ulong[] input = Fresh(shape.InputCount);
        ulong[] c = owner ? RingConv2d.Convolve(shape, input, kernel.Shares) : new ulong[shape.OutputCount];
        var (rows, columns) = LoweredShape(shape);
        var lowered = new ulong[shape.OutChannels * columns];
        var finish = SingleCross(batch, owner ? kernel.Shares : Im2Col(shape, input), holdsLeft: owner, shape.OutChannels, rows, columns, lowered);
        return () =>
        {
            finish();
            AddLowered(shape, lowered, c);
            return new ArithmeticTriple(input, [], c);
        };
    }

    /// <summary>
    /// Adds this party's share of L R (m × n) into <paramref name="output"/>, where one party holds L (m × k) and the
    /// other R (k × n); this party holds <paramref name="factor"/>, which is L when <paramref name="holdsLeft"/>. As in
    /// <see cref="Cross"/>, L's holder receives when m ≤ n, and otherwise R's for Rᵀ Lᵀ: fewer extension columns for
    /// the same corrections. Each party adds one segment, so the output needs no second accumulator.
    /// </summary>
    private static Action SingleCross(CotBatch batch, ulong[] factor, bool holdsLeft, int m, int k, int n, ulong[] output)
    {
        if (m <= n)
        {
            if (holdsLeft)
            {
                batch.Receiving.Add(new MatrixOleReceiver(factor, 1, m, k, n, output));
            }
            else
            {
                batch.Sending.Add(new MatrixOleSender(factor, 1, m, k, n, output));
            }

            return () => { };
        }

        var transposed = new ulong[n * m];
        if (holdsLeft)
        {
            batch.Sending.Add(new MatrixOleSender(RingMatMul.Transpose(factor, m, k), 1, n, k, m, transposed));
        }
        else
        {
            batch.Receiving.Add(new MatrixOleReceiver(RingMatMul.Transpose(factor, k, n), 1, n, k, m, transposed));
        }

        return () => RingKernels.Add(output, RingMatMul.Transpose(transposed, n, m), output);
    }
}
