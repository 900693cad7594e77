using System.Security.Cryptography.X509Certificates;
using Veil.Mpc.Deployment;
using Veil.Mpc.Transport;
using Veil.Security;

namespace Veil.Mpc.Tests.Harness;

/// <summary>Builds the endpoints' transports of a test session: in-process queues, or loopback TCP with TLS.</summary>
internal static class TestNetwork
{
    private static readonly Lazy<X509Certificate2[]> Certificates = new(() =>
        Enumerable.Range(0, 8).Select(i => PinnedCertificates.Create($"test-endpoint{i}", TimeSpan.FromDays(1))).ToArray());

    /// <summary>Test certificates, one per endpoint id, made once per test run.</summary>
    public static X509Certificate2 Certificate(int id) => Certificates.Value[id];

    /// <summary>Loopback endpoints on free ports pinning the test certificates.</summary>
    public static TlsEndpoint[] LoopbackEndpoints(int count, bool withDealer = false) =>
        Enumerable.Range(0, count)
            .Select(id => new TlsEndpoint(id, withDealer && id == count - 1 ? "dealer" : $"party{id}", "127.0.0.1", FreePort(), TlsTransport.Pin(Certificate(id))))
            .ToArray();

    public static int FreePort() => LocalSession.FreeLoopbackPort();
}
