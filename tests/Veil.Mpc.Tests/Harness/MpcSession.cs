using Veil.Mpc.Deployment;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Tests.Harness;

/// <summary>Runs one computation on every party of a local session with a dealer (see <see cref="LocalSession"/>).</summary>
internal static class MpcSession
{
    public static readonly TimeSpan DefaultReceiveTimeout = TimeSpan.FromSeconds(20);

    public static T[] Run<T>(int parties, Func<MpcContext, T> compute, TransportKind kind = TransportKind.InProcess, int fractionalBits = 16,
        bool narrowComparison = false) =>
        RunAll(parties, compute, kind, fractionalBits, DefaultReceiveTimeout, narrowComparison: narrowComparison).ResultsOrThrow();

    /// <param name="narrowComparison">Hide the dealer's radix-4 comparison masks (<see cref="NarrowComparisonSource"/>).</param>
    public static LocalSessionOutcome<T> RunAll<T>(
        int parties, Func<MpcContext, T> compute, TransportKind kind, int fractionalBits, TimeSpan receiveTimeout,
        Func<int, IMpcTransport, IMpcTransport>? wrap = null, bool narrowComparison = false) =>
        LocalSession.Run(parties, compute, new LocalSessionOptions
        {
            UseTls = kind == TransportKind.Tls,
            FractionalBits = fractionalBits,
            ReceiveTimeout = receiveTimeout,
            OverallLimit = TimeSpan.FromMinutes(2),
            WrapTransport = wrap,
            WrapTriples = narrowComparison ? (_, source) => new NarrowComparisonSource(source) : null,
        });
}
