using Veil.Mpc.Kernels;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Protocols;

/// <summary>
/// Opening shared values: every party sends its shares to every other party and combines what it receives. One call
/// is one communication round however many values it opens, so protocols batch everything a step must open into one
/// buffer: arithmetic values first (combined by addition mod 2^64), then bit-packed boolean words (combined by XOR).
/// </summary>
internal static class Opening
{
    /// <summary>
    /// Opens <paramref name="shares"/> to every party in one round: the first <paramref name="arithmeticWords"/> words
    /// are summed, the rest XORed.
    /// </summary>
    /// <exception cref="PeerFailedException">A party failed or timed out.</exception>
    /// <exception cref="MpcProtocolException">A party sent a message of the wrong length.</exception>
    public static ulong[] Open(MpcContext context, ReadOnlySpan<ulong> shares, int arithmeticWords)
    {
        for (int peer = 0; peer < context.PartyCount; peer++)
        {
            if (peer != context.PartyId)
            {
                context.Transport.SendWords(peer, shares);
            }
        }

        var opened = new ulong[shares.Length];
        ReadOnlySpan<ulong> sum = shares;
        for (int peer = 0; peer < context.PartyCount; peer++)
        {
            if (peer != context.PartyId)
            {
                // The first peer's words are combined with ours straight into the result: no copy of our shares.
                Combine(sum, context.Transport.ReceiveWordsView(peer, shares.Length), opened, arithmeticWords);
                sum = opened;
            }
        }

        context.Stats.CountRound();
        context.OpeningObserver?.Opened(opened, arithmeticWords, revealedToThisPartyOnly: false);
        return opened;
    }

    /// <summary>Opens arithmetic shares to every party in one round.</summary>
    public static ulong[] OpenArithmetic(MpcContext context, ReadOnlySpan<ulong> shares) => Open(context, shares, shares.Length);

    /// <summary>Opens XOR shares to every party in one round.</summary>
    public static ulong[] OpenBinary(MpcContext context, ReadOnlySpan<ulong> shares) => Open(context, shares, 0);

    /// <summary>
    /// Opens shares to <paramref name="target"/> only, in one round: the others send, the target combines.
    /// Returns the values at the target and null elsewhere.
    /// </summary>
    /// <exception cref="PeerFailedException">A party failed or timed out.</exception>
    /// <exception cref="MpcProtocolException">A party sent a message of the wrong length.</exception>
    public static ulong[]? OpenTo(MpcContext context, int target, ReadOnlySpan<ulong> shares, int arithmeticWords)
    {
        context.Stats.CountRound();
        if (context.PartyId != target)
        {
            context.Transport.SendWords(target, shares);
            return null;
        }

        var opened = new ulong[shares.Length];
        ReadOnlySpan<ulong> sum = shares;
        for (int peer = 0; peer < context.PartyCount; peer++)
        {
            if (peer != target)
            {
                Combine(sum, context.Transport.ReceiveWordsView(peer, shares.Length), opened, arithmeticWords);
                sum = opened;
            }
        }

        context.OpeningObserver?.Opened(opened, arithmeticWords, revealedToThisPartyOnly: true);
        return opened;
    }

    /// <summary><c>destination = ours + theirs</c> on the arithmetic words, XOR on the rest (ours may be the destination).</summary>
    private static void Combine(ReadOnlySpan<ulong> ours, ReadOnlySpan<ulong> theirs, Span<ulong> destination, int arithmeticWords)
    {
        RingKernels.Add(ours[..arithmeticWords], theirs[..arithmeticWords], destination[..arithmeticWords]);
        RingKernels.Xor(ours[arithmeticWords..], theirs[arithmeticWords..], destination[arithmeticWords..]);
    }
}
