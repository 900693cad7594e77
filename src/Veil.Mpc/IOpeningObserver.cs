namespace Veil.Mpc;

/// <summary>
/// Sees every value a party learns from the protocol: each opening (a masked value every party learns) and each
/// value revealed to this party alone. These are exactly the party's view beyond its own shares and randomness, so
/// an observer is how an audit checks what a party learned, e.g. that no mask was used twice (two openings under one
/// mask differ by a small plaintext difference) or that the model owner saw only uniformly masked values.
/// </summary>
/// <remarks>
/// Opened values are public by construction (every party learns them), so observing them exposes no secret.
/// Thread-safety: called on the party's protocol thread only; an implementation used by one party need not lock.
/// </remarks>
public interface IOpeningObserver
{
    /// <summary>Called after an opening: the opened words, of which the first <paramref name="arithmeticWords"/> are
    /// ring elements and the rest XOR-shared bit words.</summary>
    /// <param name="opened">The opened words; valid only during the call.</param>
    /// <param name="arithmeticWords">How many of the words are ring elements (the rest are bit words).</param>
    /// <param name="revealedToThisPartyOnly">True when the value was revealed to this party alone (an output), false
    /// when every party learned it (a masked opening).</param>
    void Opened(ReadOnlySpan<ulong> opened, int arithmeticWords, bool revealedToThisPartyOnly);
}
