namespace Veil.Mpc;

/// <summary>
/// A peer (another party or the dealer) disconnected, aborted, or did not answer within the timeout. The session is
/// over for every party; <see cref="PeerId"/> names the endpoint this party noticed first.
/// </summary>
/// <remarks>Thread-safety: immutable once thrown.</remarks>
public class PeerFailedException : MpcProtocolException
{
    /// <summary>Creates the exception for the endpoint <paramref name="peerId"/>.</summary>
    public PeerFailedException(int peerId, string message)
        : base(message)
    {
        PeerId = peerId;
    }

    /// <summary>Creates the exception for the endpoint <paramref name="peerId"/>, with the error that caused it.</summary>
    public PeerFailedException(int peerId, string message, Exception innerException)
        : base(message, innerException)
    {
        PeerId = peerId;
    }

    /// <summary>The transport endpoint that failed: a party id, or the party count for the dealer.</summary>
    public int PeerId { get; }
}
