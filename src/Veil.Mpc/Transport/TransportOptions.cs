namespace Veil.Mpc.Transport;

/// <summary>Timeouts and limits of a <see cref="TlsTransport"/>.</summary>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public sealed record TransportOptions
{
    /// <summary>How long to keep trying to reach every peer (they may start later) and complete the handshakes. Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a receive waits before the peer counts as failed. Default 60 s.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest frame accepted; larger messages travel as several frames. Default 16 MiB.</summary>
    public int MaxFrameBytes { get; init; } = 16 << 20;

    /// <summary>The largest message accepted, all frames together. Default 1 GiB.</summary>
    public int MaxMessageBytes { get; init; } = 1 << 30;

    /// <summary>A network to emulate on every link (delay and rate added to each frame sent), or null for none.</summary>
    public NetworkConditions? Network { get; init; }

    /// <summary>Throws unless every value is usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is not positive, a limit is below 1 KiB, or the network
    /// is invalid.</exception>
    public void Validate()
    {
        Network?.Validate();
        Guard.IsTrue(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive");
        Guard.IsTrue(ReceiveTimeout > TimeSpan.Zero, nameof(ReceiveTimeout), "must be positive");
        Guard.InRange(MaxFrameBytes, 1024, 1 << 30);
        Guard.InRange(MaxMessageBytes, MaxFrameBytes, int.MaxValue);
    }
}
