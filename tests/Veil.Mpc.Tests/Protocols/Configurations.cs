using Veil.Mpc.Tests.Harness;

namespace Veil.Mpc.Tests.Protocols;

/// <summary>The session configurations every protocol test runs under: in-process with 2 and 3 parties, and loopback TLS with 2.</summary>
public static class Configurations
{
    public static TheoryData<TransportKind, int> All() => new()
    {
        { TransportKind.InProcess, 2 },
        { TransportKind.InProcess, 3 },
        { TransportKind.Tls, 2 },
    };
}
