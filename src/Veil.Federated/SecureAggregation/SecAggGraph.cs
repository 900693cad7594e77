namespace Veil.Federated.SecureAggregation;

/// <summary>
/// Who masks with whom and holds whose shares. The complete graph is Bonawitz et al.'s protocol; SecAgg+ (Bell et al.
/// 2020) uses a sparse random k-regular graph, a Harary graph on a random cyclic order of the clients (each joined to
/// its k/2 nearest on either side), so work per client grows with k = O(log n), not n. The order comes from a seed the
/// server publishes with the round.
/// </summary>
/// <remarks>Thread-safety: immutable after construction, safe for concurrent use.</remarks>
public sealed class SecAggGraph
{
    private readonly Dictionary<int, int[]> _neighbors;

    private SecAggGraph(Dictionary<int, int[]> neighbors, int threshold, int degree)
    {
        _neighbors = neighbors;
        Threshold = threshold;
        Degree = degree;
    }

    /// <summary>The shares needed to recover a client's secret. Its shares are held by its neighbours and itself
    /// (<see cref="Degree"/> + 1 holders); the threshold is holders − ⌊holders/3⌋, so a third of them may drop.</summary>
    public int Threshold { get; }

    /// <summary>Each client's number of neighbours.</summary>
    public int Degree { get; }

    /// <summary>The clients.</summary>
    public IEnumerable<int> Clients => _neighbors.Keys;

    /// <summary>The neighbours of <paramref name="client"/> (never itself).</summary>
    /// <exception cref="SecAggException">The client is not in the graph.</exception>
    public IReadOnlyList<int> Neighbors(int client) =>
        _neighbors.TryGetValue(client, out int[]? n) ? n : throw new SecAggException($"client {client} is not part of this round");

    /// <summary>The holders of <paramref name="client"/>'s shares: its neighbours and itself.</summary>
    /// <exception cref="SecAggException">The client is not in the graph.</exception>
    public IReadOnlyList<int> Holders(int client) => [.. Neighbors(client), client];

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are neighbours.</summary>
    public bool Adjacent(int a, int b) => _neighbors.TryGetValue(a, out int[]? n) && Array.IndexOf(n, b) >= 0;

    /// <summary>Every client joined to every other; shares need t = n − ⌊n/3⌋ holders, so any ⌊n/3⌋ may drop out at
    /// any step and the sum is still recovered, while fewer than n/2 + 1 (honest-but-curious) learn nothing.</summary>
    /// <exception cref="ArgumentException">Fewer than 3 clients, or ids repeat.</exception>
    public static SecAggGraph Complete(IReadOnlyList<int> clients)
    {
        int[] ids = Distinct(clients);
        var neighbors = ids.ToDictionary(c => c, c => ids.Where(v => v != c).ToArray());
        int n = ids.Length;
        return new SecAggGraph(neighbors, n - (n / 3), n - 1);
    }

    /// <summary>SecAgg+'s sparse graph of even degree <paramref name="degree"/> (at least 4), its order seeded by
    /// <paramref name="seed"/>. A client's shares are held by its k neighbours and itself, a majority of them
    /// (⌊(k+1)/2⌋ + 1) needed: recovery fails only when a neighbourhood loses half its holders, which at a 1/3 global
    /// dropout rate has a probability that falls exponentially in k (about 10^-4 per neighbourhood at k = 100 by a normal approximation, not measured; Bell et
    /// al. size k to make it negligible), and a coalition of fewer than half a neighbourhood learns nothing.</summary>
    /// <exception cref="ArgumentException">The degree is odd, below 4, or not below the client count; or ids repeat.</exception>
    public static SecAggGraph Harary(IReadOnlyList<int> clients, int degree, int seed)
    {
        int[] ids = Distinct(clients);
        Guard.IsTrue(degree >= 4 && degree % 2 == 0 && degree < ids.Length, nameof(degree), "must be even, at least 4 and below the client count");
        int[] order = [.. ids];
        new System.Random(seed).Shuffle(order);
        int n = order.Length, half = degree / 2;
        var neighbors = new Dictionary<int, int[]>();
        for (int i = 0; i < n; i++)
        {
            var list = new List<int>(degree);
            for (int d = 1; d <= half; d++)
            {
                list.Add(order[(i + d) % n]);
                list.Add(order[(i - d + n) % n]);
            }

            neighbors[order[i]] = [.. list];
        }

        int holders = degree + 1;
        return new SecAggGraph(neighbors, (holders / 2) + 1, degree);
    }

    /// <summary>The graph of a round of <paramref name="clients"/>: the complete graph when <paramref name="degree"/> is
    /// 0 or not below the client count, else SecAgg+'s Harary graph of that degree seeded by <paramref name="seed"/>.
    /// The simulation and the networked coordinator and clients all choose through this, so they agree.</summary>
    /// <exception cref="ArgumentException">Fewer than 3 clients, ids repeat, or a sparse degree is odd or below 4.</exception>
    public static SecAggGraph For(IReadOnlyList<int> clients, int degree, int seed)
    {
        ArgumentNullException.ThrowIfNull(clients);
        Guard.NotNegative(degree);
        return degree == 0 || degree >= clients.Count ? Complete(clients) : Harary(clients, degree, seed);
    }

    /// <summary>The graph seed of a networked round: the first four bytes of its session id (random per round, so no
    /// one can choose a neighbourhood before the round starts).</summary>
    /// <exception cref="ArgumentException">The session id is shorter than 4 bytes.</exception>
    public static int SeedOf(ReadOnlySpan<byte> sessionId)
    {
        Guard.IsTrue(sessionId.Length >= 4, nameof(sessionId), "must hold at least 4 bytes");
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(sessionId);
    }

    private static int[] Distinct(IReadOnlyList<int> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        int[] ids = [.. clients];
        Guard.IsTrue(ids.Length >= 3 && ids.Distinct().Count() == ids.Length, nameof(clients), "must hold at least 3 distinct ids");
        return ids;
    }
}
