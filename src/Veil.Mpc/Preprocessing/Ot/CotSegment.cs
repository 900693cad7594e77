namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// A run of consecutive extended OTs that one correlation uses, seen from one end. For a correlated OT
/// (<see cref="Length"/> L &gt; 0) the sender gives a correlation vector Δ of L ring elements and receives a random x;
/// the receiver, with choice c, receives x + c Δ; both modulo 2^w for the OT's width w (the sender sends w bits per
/// element). For a random OT (L = 0) nothing is sent: the sender receives two random w-bit strings (m0, m1) and the
/// receiver m_c. The two ends of an instance list their segments in the same order with the same sizes.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use; a segment belongs to one batch.</remarks>
internal abstract class CotSegment
{
    /// <summary>OTs in the run.</summary>
    public abstract int Count { get; }

    /// <summary>Ring elements per correlation vector; 0 for random OTs.</summary>
    public abstract int Length { get; }

    /// <summary>The bits of each element that matter for OT <paramref name="ot"/> (1 to 64).</summary>
    public abstract int Width(int ot);

    /// <summary>
    /// For a random OT: whether the ends take the whole 128-bit keys (two words each: m_c, or m0 then m1) instead of
    /// width(ot) bits; used as seeds of later pads (<see cref="OwnedCorrelations"/>).
    /// </summary>
    public virtual bool WideKeys => false;
}

/// <summary>The receiving end of a <see cref="CotSegment"/>.</summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal abstract class CotReceiverSegment : CotSegment
{
    /// <summary>The choice bit of OT <paramref name="ot"/>.</summary>
    public abstract bool Choice(int ot);

    /// <summary>Takes x + c Δ (L elements, valid modulo 2^w), or for a random OT m_c in <c>output[0]</c>.</summary>
    public abstract void Accept(int ot, ReadOnlySpan<ulong> output);
}

/// <summary>The sending end of a <see cref="CotSegment"/>.</summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal abstract class CotSenderSegment : CotSegment
{
    /// <summary>The correlation Δ of OT <paramref name="ot"/> (L elements), in <paramref name="scratch"/> or elsewhere.</summary>
    public abstract ReadOnlySpan<ulong> Delta(int ot, Span<ulong> scratch);

    /// <summary>Takes x (L elements), or for a random OT m0 and m1 in <c>output[0]</c> and <c>output[1]</c>.</summary>
    public abstract void Accept(int ot, ReadOnlySpan<ulong> output);
}
