using System.Diagnostics;

namespace Veil.Federated.SecureAggregation;

/// <summary>Which clients stop answering, and before which step of a round.</summary>
/// <param name="BeforeAdvertising">Never take part.</param>
/// <param name="BeforeSharing">Advertise keys, then vanish.</param>
/// <param name="BeforeMasking">Send shares, then vanish (their pairwise masks must be removed by the others' help).</param>
/// <param name="BeforeUnmasking">Send their input, then vanish (their input counts; others hold their seed's shares).</param>
public sealed record SecAggDropouts(
    IReadOnlySet<int> BeforeAdvertising, IReadOnlySet<int> BeforeSharing, IReadOnlySet<int> BeforeMasking, IReadOnlySet<int> BeforeUnmasking)
{
    /// <summary>No dropouts.</summary>
    public static SecAggDropouts None { get; } = new(new HashSet<int>(), new HashSet<int>(), new HashSet<int>(), new HashSet<int>());

    /// <summary>Every client that drops at some step.</summary>
    public IEnumerable<int> All => BeforeAdvertising.Concat(BeforeSharing).Concat(BeforeMasking).Concat(BeforeUnmasking);
}

/// <summary>The result of a round: the sum, whose inputs it holds, and what it cost.</summary>
/// <param name="Sum">The sum of the included inputs modulo 2^32.</param>
/// <param name="Included">The clients whose inputs are in the sum.</param>
/// <param name="UploadBytesPerClient">The mean bytes a surviving client sent over the four steps.</param>
/// <param name="ServerUnmasking">The server's time to rebuild secrets and remove masks.</param>
/// <param name="ClientTime">The clients' total time (all of them, one after another).</param>
public sealed record SecAggOutcome(uint[] Sum, IReadOnlyList<int> Included, double UploadBytesPerClient, TimeSpan ServerUnmasking, TimeSpan ClientTime);

/// <summary>
/// Runs a whole secure-aggregation round in one process, passing each message from client to server and back as a
/// network would, with clients dropping out as <see cref="SecAggDropouts"/> says: the simulation's engine and the
/// reference the networked server and clients are tested against.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class InProcessSecAgg
{
    /// <summary>Runs the round over <paramref name="inputs"/> (one per client of the round's graph).</summary>
    /// <exception cref="SecAggException">Too many clients dropped to finish, or a message was refused.</exception>
    /// <exception cref="ArgumentException">An input's length is not the round's.</exception>
    public static SecAggOutcome Run(SecAggRound round, IReadOnlyDictionary<int, uint[]> inputs, SecAggDropouts? dropouts = null)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(inputs);
        dropouts ??= SecAggDropouts.None;
        var server = new SecAggServer(round);
        var clientClock = new Stopwatch();
        var clients = new Dictionary<int, SecAggClient>();
        var bytes = new Dictionary<int, long>();
        try
        {
            foreach (int id in round.Graph.Clients.Order())
            {
                if (!dropouts.BeforeAdvertising.Contains(id))
                {
                    clients[id] = new SecAggClient(id, round);
                    bytes[id] = 0;
                }
            }

            foreach (SecAggClient client in clients.Values)
            {
                KeyAdvertisement advertisement = Timed(clientClock, client.Advertise);
                bytes[client.Id] += advertisement.WireSize;
                server.Receive(advertisement);
            }

            IReadOnlyList<KeyAdvertisement> broadcast = server.FinishAdvertising();
            foreach (SecAggClient client in Active(clients, dropouts.BeforeSharing))
            {
                ShareKeysMessage message = Timed(clientClock, () => client.ShareKeys(broadcast));
                bytes[client.Id] += message.WireSize;
                server.Receive(message);
            }

            server.FinishSharing();
            foreach (SecAggClient client in Active(clients, dropouts.BeforeSharing, dropouts.BeforeMasking))
            {
                uint[] input = inputs[client.Id];
                MaskedInputMessage message = Timed(clientClock, () => client.MaskInput(server.SharesFor(client.Id), input));
                bytes[client.Id] += message.WireSize;
                server.Receive(message);
            }

            UnmaskRequest request = server.FinishMasking();
            foreach (SecAggClient client in Active(clients, dropouts.BeforeSharing, dropouts.BeforeMasking, dropouts.BeforeUnmasking))
            {
                UnmaskMessage message = Timed(clientClock, () => client.Unmask(request));
                bytes[client.Id] += message.WireSize;
                server.Receive(message);
            }

            uint[] sum = server.Finish();
            int[] included = [.. server.Survivors.Order()];
            double upload = included.Average(id => (double)bytes[id]);
            return new SecAggOutcome(sum, included, upload, server.UnmaskingTime, clientClock.Elapsed);
        }
        finally
        {
            foreach (SecAggClient client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    private static IEnumerable<SecAggClient> Active(Dictionary<int, SecAggClient> clients, params IReadOnlySet<int>[] gone) =>
        clients.Values.Where(c => !gone.Any(g => g.Contains(c.Id)));

    private static T Timed<T>(Stopwatch clock, Func<T> step)
    {
        clock.Start();
        try
        {
            return step();
        }
        finally
        {
            clock.Stop();
        }
    }
}
