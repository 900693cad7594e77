using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Veil.Federated.Service.Coordination;

namespace Veil.Federated.Service.Hosting;

/// <summary>
/// Serves a coordinator over gRPC (HTTP/2) with mutually authenticated TLS: the server presents its certificate, and
/// the handshake fails for any client whose certificate is not in the <see cref="ClientRegistry"/>.
/// </summary>
/// <remarks>Thread-safety: start and dispose from one thread.</remarks>
public sealed class CoordinatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CoordinatorHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Starts serving <paramref name="coordinator"/> on <paramref name="port"/> of <paramref name="address"/>
    /// (0: any free port).</summary>
    /// <exception cref="IOException">The port cannot be bound.</exception>
    public static async Task<CoordinatorHost> StartAsync(
        FederatedCoordinator coordinator, X509Certificate2 certificate, ClientRegistry registry, int port = 0, IPAddress? address = null)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(registry);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = options.MaxSendMessageSize = 256 << 20);
        builder.Services.AddSingleton(coordinator);
        builder.Services.AddSingleton(registry);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address ?? IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (client, _, _) => registry.IdOf(client) is not null;
            });
        }));
        WebApplication app = builder.Build();
        app.MapGrpcService<CoordinatorService>();
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot serve on port {port}: {e.Message}", e);
        }

        int bound = new Uri(app.Urls.First()).Port;
        return new CoordinatorHost(app, bound);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
