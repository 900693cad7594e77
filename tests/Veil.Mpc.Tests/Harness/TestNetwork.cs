using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Veil.Mpc.Deployment;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Tests.Harness;

/// <summary>Builds the endpoints' transports of a test session: in-process queues, or loopback TCP with TLS.</summary>
internal static class TestNetwork
{
    private static readonly Lazy<X509Certificate2[]> Certificates = new(() =>
        Enumerable.Range(0, 8).Select(i => MpcCertificates.Create($"test-endpoint{i}", TimeSpan.FromDays(1))).ToArray());

    /// <summary>Test certificates, one per endpoint id, made once per test run.</summary>
    public static X509Certificate2 Certificate(int id) => Certificates.Value[id];

    /// <summary>Loopback endpoints on free ports pinning the test certificates.</summary>
    public static TlsEndpoint[] LoopbackEndpoints(int count, bool withDealer = false) =>
        Enumerable.Range(0, count)
            .Select(id => new TlsEndpoint(id, withDealer && id == count - 1 ? "dealer" : $"party{id}", "127.0.0.1", FreePort(), TlsTransport.Pin(Certificate(id))))
            .ToArray();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Creates the transport of each endpoint. TLS endpoints connect in parallel (each waits for its peers), so the
    /// factory returns a function that each endpoint's thread calls.
    /// </summary>
    public static Func<int, IMpcTransport> Factory(TransportKind kind, int endpoints, TimeSpan receiveTimeout)
    {
        if (kind == TransportKind.InProcess)
        {
            var network = new InProcessNetwork(endpoints, receiveTimeout);
            return id => network[id];
        }

        var addresses = LoopbackEndpoints(endpoints, withDealer: true);
        var options = new TransportOptions { ConnectTimeout = TimeSpan.FromSeconds(20), ReceiveTimeout = receiveTimeout };
        return id => TlsTransport.Connect(addresses, id, Certificate(id), options);
    }
}
