namespace Veil.Mpc.Transport;

/// <summary>
/// A network to emulate on top of a real transport, for honest benchmarks on one machine: every frame a link sends
/// waits for the link to be free at <see cref="BitsPerSecond"/> (its size over the rate) and then for half of
/// <see cref="RoundTrip"/> before it is written, so frames queue behind each other as on a real link and a message's
/// answer comes back no sooner than one round trip later. The delay is added to whatever the underlying connection
/// (loopback TCP and TLS) already costs.
/// </summary>
/// <remarks>Thread-safety: an immutable record.</remarks>
public sealed record NetworkConditions
{
    /// <summary>The round-trip time added.</summary>
    public TimeSpan RoundTrip { get; init; }

    /// <summary>Each link's rate in each direction, in bits per second (0 = unlimited).</summary>
    public double BitsPerSecond { get; init; }

    /// <summary>A LAN as SecureNN and MP-SPDZ report it: 0.2 ms round trip, 1 Gb/s.</summary>
    public static NetworkConditions Lan { get; } = new() { RoundTrip = TimeSpan.FromMilliseconds(0.2), BitsPerSecond = 1e9 };

    /// <summary>A WAN as SecureNN reports it: 40 ms round trip, 100 Mb/s.</summary>
    public static NetworkConditions Wan { get; } = new() { RoundTrip = TimeSpan.FromMilliseconds(40), BitsPerSecond = 100e6 };

    /// <summary>Half the round trip: the delay of one direction.</summary>
    public TimeSpan OneWay => RoundTrip / 2;

    /// <summary>Throws unless the values are usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The round trip is negative or above 10 s, or the rate is negative,
    /// not finite, or positive but below 1 kb/s.</exception>
    public void Validate()
    {
        Guard.IsTrue(RoundTrip >= TimeSpan.Zero && RoundTrip <= TimeSpan.FromSeconds(10), nameof(RoundTrip), "must be between 0 and 10 s");
        Guard.IsTrue(double.IsFinite(BitsPerSecond) && (BitsPerSecond == 0 || BitsPerSecond >= 1e3), nameof(BitsPerSecond), "must be 0 (unlimited) or at least 1,000");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{RoundTrip.TotalMilliseconds:0.###} ms round trip, " + (BitsPerSecond > 0 ? $"{BitsPerSecond / 1e6:0.###} Mb/s" : "unlimited rate");
}
