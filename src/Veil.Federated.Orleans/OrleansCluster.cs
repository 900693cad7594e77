using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Veil.Federated.SecureAggregation;
using Orleans.Storage;

namespace Veil.Federated.Orleans;

/// <summary>
/// A cluster of Orleans silos on this machine with localhost clustering (the first silo is the primary), and a client
/// connected to all their gateways: what the tests and the scale-out benchmark run. One silo is the embedded default.
/// The grains keep their state in the storage named <see cref="StorageName"/>: a SQLite file when a path is given (a
/// cluster restarted on the same file resumes the open round with every update it had acknowledged), otherwise
/// nowhere: each grain's state lives in its activation only and is lost with the cluster.
/// </summary>
/// <remarks>Thread-safety: start and dispose from one thread; <see cref="Grains"/> is safe for concurrent use.</remarks>
public sealed class OrleansCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos;
    private readonly IHost _client;
    private readonly SqliteStateFile? _stateFile;

    private OrleansCluster(List<IHost> silos, IHost client, SqliteStateFile? stateFile)
    {
        _silos = silos;
        _client = client;
        _stateFile = stateFile;
        Grains = client.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The name of the grain storage the federation's grains use.</summary>
    public const string StorageName = "veil";

    /// <summary>The client's grain factory.</summary>
    public IClusterClient Grains { get; }

    /// <summary>The number of silos.</summary>
    public int Silos => _silos.Count;

    /// <summary>Starts <paramref name="silos"/> silos and a client on free local ports, with grain state in the SQLite
    /// file <paramref name="statePath"/> (created if missing) or, when it is null, in memory.</summary>
    /// <exception cref="ArgumentOutOfRangeException">silos is not in [1, 16].</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The state file cannot be opened as a SQLite database.</exception>
    public static async Task<OrleansCluster> StartAsync(int silos = 1, string? statePath = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(silos, 16);
        int[] siloPorts = [.. Enumerable.Range(0, silos).Select(_ => FreePort())];
        int[] gatewayPorts = [.. Enumerable.Range(0, silos).Select(_ => FreePort())];
        var primary = new IPEndPoint(IPAddress.Loopback, siloPorts[0]);
        var hosts = new List<IHost>();
        SqliteStateFile? stateFile = statePath is null ? null : new SqliteStateFile(statePath);
        try
        {
            for (int i = 0; i < silos; i++)
            {
                int silo = siloPorts[i], gateway = gatewayPorts[i];
                IHost host = Host.CreateDefaultBuilder()
                    .ConfigureLogging(logging => logging.ClearProviders())
                    .UseOrleans(builder =>
                    {
                        builder.UseLocalhostClustering(silo, gateway, primary);
                        builder.Services.AddSerializer(SecureAggregationMessages);
                        builder.Services.AddGrainStorage<IGrainStorage>(StorageName, (services, _) => stateFile is null
                            ? new TransientGrainStorage()
                            : new SqliteGrainStorage(stateFile, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>())));
                    })
                    .Build();
                await host.StartAsync().ConfigureAwait(false);
                hosts.Add(host);
            }

            IHost client = Host.CreateDefaultBuilder()
                .ConfigureLogging(logging => logging.ClearProviders())
                .UseOrleansClient(builder =>
                {
                    builder.UseLocalhostClustering([.. gatewayPorts]);
                    builder.Services.AddSerializer(SecureAggregationMessages);
                })
                .Build();
            await client.StartAsync().ConfigureAwait(false);
            return new OrleansCluster(hosts, client, stateFile);
        }
        catch
        {
            foreach (IHost host in hosts)
            {
                await host.StopAsync().ConfigureAwait(false);
                host.Dispose();
            }

            stateFile?.Dispose();
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

        _stateFile?.Dispose();
    }

    /// <summary>The secure-aggregation messages (plain records of Veil.Federated, which knows nothing of Orleans)
    /// travel between client and grains as JSON; its exceptions travel as Orleans carries any exception.</summary>
    private static void SecureAggregationMessages(ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(isSupported: type =>
            type.Namespace == typeof(KeyAdvertisement).Namespace && !typeof(Exception).IsAssignableFrom(type));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
