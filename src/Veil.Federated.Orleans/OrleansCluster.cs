using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Veil.Federated.Orleans;

/// <summary>
/// A cluster of Orleans silos on this machine with localhost clustering (the first silo is the primary), and a client
/// connected to all their gateways: what the tests and the scale-out benchmark run. One silo is the embedded default.
/// </summary>
/// <remarks>Thread-safety: start and dispose from one thread; <see cref="Grains"/> is safe for concurrent use.</remarks>
public sealed class OrleansCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos;
    private readonly IHost _client;

    private OrleansCluster(List<IHost> silos, IHost client)
    {
        _silos = silos;
        _client = client;
        Grains = client.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The client's grain factory.</summary>
    public IClusterClient Grains { get; }

    /// <summary>The number of silos.</summary>
    public int Silos => _silos.Count;

    /// <summary>Starts <paramref name="silos"/> silos and a client on free local ports.</summary>
    /// <exception cref="ArgumentOutOfRangeException">silos is not in [1, 16].</exception>
    public static async Task<OrleansCluster> StartAsync(int silos = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(silos, 16);
        int[] siloPorts = [.. Enumerable.Range(0, silos).Select(_ => FreePort())];
        int[] gatewayPorts = [.. Enumerable.Range(0, silos).Select(_ => FreePort())];
        var primary = new IPEndPoint(IPAddress.Loopback, siloPorts[0]);
        var hosts = new List<IHost>();
        try
        {
            for (int i = 0; i < silos; i++)
            {
                int silo = siloPorts[i], gateway = gatewayPorts[i];
                IHost host = Host.CreateDefaultBuilder()
                    .ConfigureLogging(logging => logging.ClearProviders())
                    .UseOrleans(builder => builder.UseLocalhostClustering(silo, gateway, primary))
                    .Build();
                await host.StartAsync().ConfigureAwait(false);
                hosts.Add(host);
            }

            IHost client = Host.CreateDefaultBuilder()
                .ConfigureLogging(logging => logging.ClearProviders())
                .UseOrleansClient(builder => builder.UseLocalhostClustering([.. gatewayPorts]))
                .Build();
            await client.StartAsync().ConfigureAwait(false);
            return new OrleansCluster(hosts, client);
        }
        catch
        {
            foreach (IHost host in hosts)
            {
                await host.StopAsync().ConfigureAwait(false);
                host.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync().ConfigureAwait(false);
        _client.Dispose();
        foreach (IHost host in Enumerable.Reverse(_silos))
        {
            await host.StopAsync().ConfigureAwait(false);
            host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
