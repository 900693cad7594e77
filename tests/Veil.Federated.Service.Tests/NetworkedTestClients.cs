using System.Security.Cryptography.X509Certificates;
using Veil.Federated.Service.Hosting;
using Veil.Security;

namespace Veil.Federated.Service.Tests;

/// <summary>Runs networked clients with a given trainer against a host, each on its own task.</summary>
internal static class NetworkedTestClients
{
    public static async Task<ClientSummary[]> Run(
        CoordinatorHost host, (X509Certificate2 Server, X509Certificate2[] Clients) keys, IEnumerable<int> ids, KnownUpdates.ClientTrainer trainer, Func<int, int> examples) =>
        await Task.WhenAll(ids.Select(k => Task.Run(async () =>
        {
            using var client = new FederatedClient(new Uri($"https://localhost:{host.Port}"), PinnedCertificates.Pin(keys.Server), keys.Clients[k], k)
            {
                PollInterval = TimeSpan.FromMilliseconds(30),
                Patience = TimeSpan.FromSeconds(5),
            };
            return await client.RunAsync((model, global, round, update, _) => trainer(model, global, round, update, k), examples(k));
        })));
}

/// <summary>Updates known in advance: client k's update in round r is a seeded draw in ±0.5, so a test can compute
/// the plain aggregate the coordinator should reach.</summary>
internal static class KnownUpdates
{
    /// <summary>A trainer whose "cancellation token" slot is replaced by the client id (see <see cref="NetworkedTestClients"/>).</summary>
    public delegate void ClientTrainer(string model, ReadOnlySpan<float> global, int round, Span<float> update, int client);

    public static ClientTrainer Trainer { get; } = (_, _, round, update, client) => Of(client, round, update.Length).CopyTo(update);

    public static float[] Of(int client, int round, int length)
    {
        var random = new System.Random((client * 1000) + round);
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }

        return values;
    }

    /// <summary>The example-weighted mean of the clients' round-<paramref name="round"/> updates (weights all 1 when
    /// <paramref name="weight"/> is null), in double.</summary>
    public static float[] Mean(IEnumerable<int> clients, int length, int round, Func<int, double>? weight = null)
    {
        double[] sum = new double[length];
        double total = 0;
        foreach (int k in clients)
        {
            double w = weight?.Invoke(k) ?? 1;
            float[] u = Of(k, round, length);
            for (int i = 0; i < length; i++)
            {
                sum[i] += w * u[i];
            }

            total += w;
        }

        return [.. sum.Select(s => (float)(s / total))];
    }
}
