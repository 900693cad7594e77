namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The receiving end of random OTs with 128-bit keys: choice bit j of <c>choices</c>, key k_c into words 2j and
/// 2j + 1 of <c>keys</c>. Nothing is sent beyond the extension columns.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class WideRandomOtReceiver(ulong[] choices, int count, ulong[] keys) : CotReceiverSegment
{
    public override int Count => count;

    public override int Length => 0;

    public override bool WideKeys => true;

    public override int Width(int ot) => 64;

    public override bool Choice(int ot) => ((choices[ot >> 6] >> (ot & 63)) & 1) != 0;

    public override void Accept(int ot, ReadOnlySpan<ulong> output) => output[..2].CopyTo(keys.AsSpan(2 * ot, 2));
}

/// <summary>The sending end of random OTs with 128-bit keys: k0 into words 2j, 2j + 1 of <c>zero</c>, k1 of <c>one</c>.</summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class WideRandomOtSender(int count, ulong[] zero, ulong[] one) : CotSenderSegment
{
    public override int Count => count;

    public override int Length => 0;

    public override bool WideKeys => true;

    public override int Width(int ot) => 64;

    public override ReadOnlySpan<ulong> Delta(int ot, Span<ulong> scratch) => throw new InvalidOperationException("A random OT has no correlation.");

    public override void Accept(int ot, ReadOnlySpan<ulong> output)
    {
        output[..2].CopyTo(zero.AsSpan(2 * ot, 2));
        output.Slice(2, 2).CopyTo(one.AsSpan(2 * ot, 2));
    }
}
