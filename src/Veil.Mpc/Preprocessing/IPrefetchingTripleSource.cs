namespace Veil.Mpc.Preprocessing;

/// <summary>
/// A preprocessing source that can make correlations ahead of the online phase. The protocols are data-oblivious, so
/// the requests recorded on one input (<see cref="RecordedRequests"/>) are exactly those of every other input of the
/// same shapes; a caller prefetches them, and the online phase then takes them in order without waiting. The trusted
/// dealer (<see cref="DealerTripleSource"/>) and the dealer-free sources implement it.
/// </summary>
/// <remarks>Thread-safety: as <see cref="ITripleSource"/>: one party's protocol thread.</remarks>
public interface IPrefetchingTripleSource : ITripleSource
{
    /// <summary>The requests made so far, in order (prefetched ones included).</summary>
    IReadOnlyList<CorrelationRequest> RecordedRequests { get; }

    /// <summary>
    /// Makes the correlations of <paramref name="requests"/> now, so that the online phase that asks for them in this
    /// order waits for none. Every party must prefetch the same list.
    /// </summary>
    /// <exception cref="PeerFailedException">The source's peer (dealer or other party) failed.</exception>
    /// <exception cref="InvalidOperationException">Correlations requested ahead are not all taken yet.</exception>
    void Prefetch(IEnumerable<CorrelationRequest> requests);

    /// <summary>
    /// Announces <paramref name="requests"/> without waiting for them: a source may start making them while the parties
    /// compute (the dealer does), and hands each out when the protocol asks, after any prefetched ones. Every party
    /// must request the same list.
    /// </summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    void RequestAhead(IEnumerable<CorrelationRequest> requests);
}
