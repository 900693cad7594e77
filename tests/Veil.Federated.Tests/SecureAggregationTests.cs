using System.Security.Cryptography;
using Veil.Federated.SecureAggregation;

namespace Veil.Federated.Tests;

/// <summary>Secure aggregation against the plain sum, under dropouts, with bad messages, and what the server sees.</summary>
public class SecureAggregationTests
{
    private static SecAggRound Round(int clients, int length, int degree = 0, int seed = 1) =>
        new(RandomNumberGenerator.GetBytes(16),
            degree == 0 ? SecAggGraph.Complete([.. Enumerable.Range(0, clients)]) : SecAggGraph.Harary([.. Enumerable.Range(0, clients)], degree, seed),
            length);

    private static Dictionary<int, uint[]> Inputs(int clients, int length, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, clients).ToDictionary(c => c, _ => Enumerable.Range(0, length).Select(_ => (uint)random.Next()).ToArray());
    }

    private static uint[] PlainSum(IReadOnlyDictionary<int, uint[]> inputs, IEnumerable<int> included, int length)
    {
        uint[] sum = new uint[length];
        foreach (int c in included)
        {
            for (int i = 0; i < length; i++)
            {
                sum[i] += inputs[c][i];
            }
        }

        return sum;
    }

    private static SecAggDropouts Drop(int[]? advertise = null, int[]? sharing = null, int[]? masking = null, int[]? unmasking = null) =>
        new(new HashSet<int>(advertise ?? []), new HashSet<int>(sharing ?? []), new HashSet<int>(masking ?? []), new HashSet<int>(unmasking ?? []));

    /// <summary>Runs steps 0 and 1 for every client: advertising keys and sharing them.</summary>
    private static void ThroughSharing(IReadOnlyList<SecAggClient> clients, SecAggServer server)
    {
        foreach (SecAggClient c in clients)
        {
            server.Receive(c.Advertise());
        }

        IReadOnlyList<KeyAdvertisement> keys = server.FinishAdvertising();
        foreach (SecAggClient c in clients)
        {
            server.Receive(c.ShareKeys(keys));
        }

        server.FinishSharing();
    }

    [Fact]
    public void TheSecureSumEqualsThePlainSumExactly()
    {
        SecAggRound round = Round(10, 257);
        Dictionary<int, uint[]> inputs = Inputs(10, 257, 1);
        SecAggOutcome outcome = InProcessSecAgg.Run(round, inputs);
        Assert.Equal(Enumerable.Range(0, 10), outcome.Included);
        Assert.Equal(PlainSum(inputs, outcome.Included, 257), outcome.Sum);
    }

    public static TheoryData<int, string> DropoutCases => new()
    {
        { 12, "advertise" }, { 12, "sharing" }, { 12, "masking" }, { 12, "unmasking" }, { 12, "mixed" }, { 30, "masking" }, { 31, "mixed" },
    };

    [Theory]
    [MemberData(nameof(DropoutCases))]
    public void UpToAThirdMayDropAtAnyStep(int clients, string step)
    {
        int third = clients / 3;
        int[] gone = [.. Enumerable.Range(0, clients).OrderBy(c => (c * 7919) % clients).Take(third)];
        SecAggDropouts dropouts = step switch
        {
            "advertise" => Drop(advertise: gone),
            "sharing" => Drop(sharing: gone),
            "masking" => Drop(masking: gone),
            "unmasking" => Drop(unmasking: gone),
            _ => Drop(advertise: gone[..(third / 4)], sharing: gone[(third / 4)..(third / 2)], masking: gone[(third / 2)..(3 * third / 4)], unmasking: gone[(3 * third / 4)..]),
        };
        Dictionary<int, uint[]> inputs = Inputs(clients, 64, clients);
        SecAggOutcome outcome = InProcessSecAgg.Run(Round(clients, 64), inputs, dropouts);

        // Clients that sent their input before vanishing are in the sum; the others are not.
        int[] expected = [.. Enumerable.Range(0, clients).Except(dropouts.BeforeAdvertising).Except(dropouts.BeforeSharing).Except(dropouts.BeforeMasking)];
        Assert.Equal(expected, outcome.Included);
        Assert.Equal(PlainSum(inputs, expected, 64), outcome.Sum);
    }

    [Fact]
    public void MoreThanAThirdDroppedFailsWithATypedError()
    {
        int[] gone = [0, 1, 2, 3, 4];
        var e = Assert.Throws<SecAggException>(() => InProcessSecAgg.Run(Round(12, 8), Inputs(12, 8, 2), Drop(unmasking: gone)));
        Assert.Contains("needed", e.Message);
    }

    [Fact]
    public void TheSparseGraphSumsExactlyUnderDropouts()
    {
        Dictionary<int, uint[]> inputs = Inputs(40, 32, 3);
        SecAggRound round = Round(40, 32, degree: 12, seed: 5);
        Assert.Equal(12, round.Graph.Degree);

        // Two dropped at masking in different neighbourhoods, one after sending its input.
        SecAggOutcome outcome = InProcessSecAgg.Run(round, inputs, Drop(masking: [3, 17], unmasking: [25]));
        int[] expected = [.. Enumerable.Range(0, 40).Except([3, 17])];
        Assert.Equal(PlainSum(inputs, expected, 32), outcome.Sum);
    }

    [Fact]
    public void TheServersViewOfAClientIsMasked()
    {
        // What the server receives from a client shares no coordinate with its input in the clear, and two clients with
        // the same input send unrelated vectors: neither the self mask nor the pairwise masks are missing.
        SecAggRound round = Round(5, 4096);
        uint[] same = Enumerable.Range(0, 4096).Select(i => (uint)i).ToArray();
        var inputs = Enumerable.Range(0, 5).ToDictionary(c => c, _ => same);
        var clients = Enumerable.Range(0, 5).Select(c => new SecAggClient(c, round)).ToArray();
        var server = new SecAggServer(round);
        ThroughSharing(clients, server);
        MaskedInputMessage[] masked = [.. clients.Select(c => c.MaskInput(server.SharesFor(c.Id), inputs[c.Id]))];
        foreach (MaskedInputMessage m in masked)
        {
            Assert.True(m.Masked.Zip(same).Count(p => p.First == p.Second) < 4, "a masked input equals the input in the clear");
        }

        Assert.True(masked[0].Masked.Zip(masked[1].Masked).Count(p => p.First == p.Second) < 4, "two clients' masks coincide");

        // Masks are fresh each round: the same client and input in a new round sends an unrelated vector.
        SecAggRound next = round with { SessionId = RandomNumberGenerator.GetBytes(16) };
        var again = Enumerable.Range(0, 5).Select(c => new SecAggClient(c, next)).ToArray();
        var server2 = new SecAggServer(next);
        ThroughSharing(again, server2);
        uint[] secondRound = again[0].MaskInput(server2.SharesFor(0), same).Masked;
        Assert.True(secondRound.Zip(masked[0].Masked).Count(p => p.First == p.Second) < 4, "a client reused its masks across rounds");
    }

    [Fact]
    public void ReplayedTamperedAndMisaddressedMessagesAreRefusedAndNotCounted()
    {
        SecAggRound round = Round(6, 16);
        Dictionary<int, uint[]> inputs = Inputs(6, 16, 9);
        var clients = Enumerable.Range(0, 6).Select(c => new SecAggClient(c, round)).ToArray();
        var server = new SecAggServer(round);
        KeyAdvertisement first = clients[0].Advertise();
        server.Receive(first);
        Assert.Throws<SecAggException>(() => server.Receive(first));
        Assert.Throws<SecAggException>(() => server.Receive(first with { Client = 99 }));
        Assert.Throws<SecAggException>(() => server.Receive(new KeyAdvertisement(1, [1, 2, 3], [4, 5])));
        foreach (SecAggClient c in clients.Skip(1))
        {
            server.Receive(c.Advertise());
        }

        IReadOnlyList<KeyAdvertisement> keys = server.FinishAdvertising();
        ShareKeysMessage[] shared = [.. clients.Select(c => c.ShareKeys(keys))];
        foreach (ShareKeysMessage m in shared)
        {
            server.Receive(m);
        }

        Assert.Throws<SecAggException>(() => server.Receive(shared[0]));
        server.FinishSharing();

        // A share replayed to another recipient fails authentication at the client.
        EncryptedShare toOne = server.SharesFor(1).First(s => s.From == 0);
        EncryptedShare replay = toOne with { To = 2 };
        var e = Assert.Throws<SecAggException>(() => clients[2].MaskInput([replay], inputs[2]));
        Assert.Contains("authentication", e.Message);

        // A tampered share fails too.
        byte[] flipped = [.. toOne.Ciphertext];
        flipped[3] ^= 1;
        var fresh = new SecAggClient(1, round);
        Assert.Throws<SecAggException>(() => clients[1].MaskInput([toOne with { Ciphertext = flipped }], inputs[1]));

        // Masked inputs: a wrong length and a second input are refused, and the sum counts each client once.
        var honest = clients.Where(c => c.Id is not 1 and not 2).ToList();
        foreach (SecAggClient c in honest)
        {
            MaskedInputMessage m = c.MaskInput(server.SharesFor(c.Id), inputs[c.Id]);
            server.Receive(m);
            Assert.Throws<SecAggException>(() => server.Receive(m));
        }

        Assert.Throws<SecAggException>(() => server.Receive(new MaskedInputMessage(1, new uint[15])));
        UnmaskRequest request = server.FinishMasking();
        foreach (SecAggClient c in honest)
        {
            server.Receive(c.Unmask(request));
        }

        uint[] sum = server.Finish();
        Assert.Equal(PlainSum(inputs, honest.Select(c => c.Id), 16), sum);
        fresh.Dispose();
        foreach (SecAggClient c in clients)
        {
            c.Dispose();
        }
    }

    [Fact]
    public void ACorruptShareIsCaughtByTheCommitment()
    {
        SecAggRound round = Round(6, 8);
        Dictionary<int, uint[]> inputs = Inputs(6, 8, 4);
        var clients = Enumerable.Range(0, 6).Select(c => new SecAggClient(c, round)).ToArray();
        var server = new SecAggServer(round);
        ThroughSharing(clients, server);
        foreach (SecAggClient c in clients)
        {
            server.Receive(c.MaskInput(server.SharesFor(c.Id), inputs[c.Id]));
        }

        UnmaskRequest request = server.FinishMasking();
        foreach (SecAggClient c in clients)
        {
            UnmaskMessage answer = c.Unmask(request);
            if (c.Id == 0)
            {
                var corrupt = answer.SelfMaskShares.ToDictionary(p => p.Key, p => p.Key == 3 ? p.Value.Select(v => (v + 1) % ShamirSharing.Prime).ToArray() : p.Value);
                answer = answer with { SelfMaskShares = corrupt };
            }

            server.Receive(answer);
        }

        var e = Assert.Throws<SecAggException>(server.Finish);
        Assert.Contains("commitment", e.Message);
    }

    [Fact]
    public void AClientRefusesAnUnmaskRequestThatWouldRevealAnInput()
    {
        SecAggRound round = Round(6, 8);
        var clients = Enumerable.Range(0, 6).Select(c => new SecAggClient(c, round)).ToArray();
        var server = new SecAggServer(round);
        ThroughSharing(clients, server);
        clients[0].MaskInput(server.SharesFor(0), new uint[8]);

        // Asking for client 1's seed and its mask key at once would unmask its input.
        Assert.Throws<SecAggException>(() => clients[0].Unmask(new UnmaskRequest([0, 1, 2, 3, 4], [1, 5])));
    }
}
