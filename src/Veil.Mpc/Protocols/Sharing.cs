using Veil.Mpc.Kernels;

namespace Veil.Mpc.Protocols;

/// <summary>
/// Input sharing without communication. Party p != owner takes as its share the next words of the stream it shares
/// with the owner (a seed agreed in the context's handshake); the owner expands the same streams and keeps
/// x - sum of them. Every receiver's share is pseudorandom to everyone but the owner, and the owner's share is the
/// input masked by all of them.
/// </summary>
internal static class Sharing
{
    public static SharedTensor Share(MpcContext context, int owner, ReadOnlySpan<ulong> encoded, TensorShape shape, int fractionalBits)
    {
        var shares = new ulong[shape.Count];
        if (context.PartyId != owner)
        {
            context.PairwiseStream(owner).Fill(shares);
            return new SharedTensor(context, shape, shares, fractionalBits, owner);
        }

        encoded.CopyTo(shares);
        var theirs = new ulong[shape.Count];
        for (int peer = 0; peer < context.PartyCount; peer++)
        {
            if (peer != owner)
            {
                context.PairwiseStream(peer).Fill(theirs);
                RingKernels.Subtract(shares, theirs, shares);
            }
        }

        return new SharedTensor(context, shape, shares, fractionalBits, owner);
    }
}
