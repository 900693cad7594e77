namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The receiving end of plain correlated OTs with vector correlations: choice bit j of <c>choices</c>, outputs
/// x_j + c_j Δ_j into row j of <c>output</c> (count × length), each element valid modulo 2^width(j).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class VectorCotReceiver(ulong[] choices, int count, int length, Func<int, int> width, ulong[] output) : CotReceiverSegment
{
    public override int Count => count;

    public override int Length => length;

    public override int Width(int ot) => width(ot);

    public override bool Choice(int ot) => ((choices[ot >> 6] >> (ot & 63)) & 1) != 0;

    public override void Accept(int ot, ReadOnlySpan<ulong> output1) => output1.CopyTo(output.AsSpan(ot * length, length));
}

/// <summary>The sending end: correlation Δ_j is row j of <c>deltas</c>; x_j goes into row j of <c>output</c>.</summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class VectorCotSender(ulong[] deltas, int count, int length, Func<int, int> width, ulong[] output) : CotSenderSegment
{
    public override int Count => count;

    public override int Length => length;

    public override int Width(int ot) => width(ot);

    public override ReadOnlySpan<ulong> Delta(int ot, Span<ulong> scratch) => deltas.AsSpan(ot * length, length);

    public override void Accept(int ot, ReadOnlySpan<ulong> output1) => output1.CopyTo(output.AsSpan(ot * length, length));
}

/// <summary>
/// The receiving end of random OTs of width(j) bits: choice bit j of <c>choices</c>, m_c into <c>output[j]</c>.
/// No correction is sent; AND triples are built from these (the sender's random m0 ⊕ m1 becomes its operand bits).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class RandomOtReceiver(ulong[] choices, int count, Func<int, int> width, ulong[] output) : CotReceiverSegment
{
    public override int Count => count;

    public override int Length => 0;

    public override int Width(int ot) => width(ot);

    public override bool Choice(int ot) => ((choices[ot >> 6] >> (ot & 63)) & 1) != 0;

    public override void Accept(int ot, ReadOnlySpan<ulong> output1) => output[ot] = output1[0];
}

/// <summary>The sending end of random OTs: m0 into <c>zero[j]</c> and m1 into <c>one[j]</c>.</summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class RandomOtSender(int count, Func<int, int> width, ulong[] zero, ulong[] one) : CotSenderSegment
{
    public override int Count => count;

    public override int Length => 0;

    public override int Width(int ot) => width(ot);

    public override ReadOnlySpan<ulong> Delta(int ot, Span<ulong> scratch) => throw new InvalidOperationException("A random OT has no correlation.");

    public override void Accept(int ot, ReadOnlySpan<ulong> output1)
    {
        zero[ot] = output1[0];
        one[ot] = output1[1];
    }
}
