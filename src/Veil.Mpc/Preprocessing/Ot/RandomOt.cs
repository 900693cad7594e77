namespace Veil.Mpc.Preprocessing.Ot;

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
