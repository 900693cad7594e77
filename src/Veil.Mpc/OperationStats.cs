namespace Veil.Mpc;

/// <summary>
/// What one kind of operation cost this party so far: calls, communication rounds, bytes to and from the other
/// parties, bytes to and from the dealer (preprocessing, counted apart), and wall time.
/// </summary>
/// <param name="Name">The operation, e.g. "relu" or "matmul".</param>
/// <param name="Calls">Times the operation ran.</param>
/// <param name="Rounds">Communication rounds among the parties (dealer round trips are not rounds of the online phase).</param>
/// <param name="BytesSent">Bytes this party sent to the other parties.</param>
/// <param name="BytesReceived">Bytes this party received from the other parties.</param>
/// <param name="DealerBytesSent">Bytes this party sent to the dealer (requests).</param>
/// <param name="DealerBytesReceived">Bytes this party received from the dealer (corrections).</param>
/// <param name="Elapsed">Wall time spent in the operation.</param>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public sealed record OperationStats(
    string Name,
    long Calls,
    long Rounds,
    long BytesSent,
    long BytesReceived,
    long DealerBytesSent,
    long DealerBytesReceived,
    TimeSpan Elapsed)
{
    /// <summary>All bytes this party sent and received, to and from parties and dealer.</summary>
    public long TotalBytes => BytesSent + BytesReceived + DealerBytesSent + DealerBytesReceived;

    /// <summary>Adds two tallies of the same operation.</summary>
    public OperationStats Plus(OperationStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Name, Calls + other.Calls, Rounds + other.Rounds, BytesSent + other.BytesSent, BytesReceived + other.BytesReceived,
            DealerBytesSent + other.DealerBytesSent, DealerBytesReceived + other.DealerBytesReceived, Elapsed + other.Elapsed);
    }

    /// <summary>The difference of two cumulative tallies (this minus <paramref name="earlier"/>).</summary>
    public OperationStats Minus(OperationStats earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(Name, Calls - earlier.Calls, Rounds - earlier.Rounds, BytesSent - earlier.BytesSent, BytesReceived - earlier.BytesReceived,
            DealerBytesSent - earlier.DealerBytesSent, DealerBytesReceived - earlier.DealerBytesReceived, Elapsed - earlier.Elapsed);
    }
}
