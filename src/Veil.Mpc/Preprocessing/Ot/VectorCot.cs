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
