namespace Veil.Federated.Partitioning;

/// <summary>
/// Splits a labelled dataset among simulated clients: IID (a seeded shuffle cut into near-equal shards) or non-IID by
/// label, each class spread over the clients in proportions drawn from Dirichlet(α) (Hsu et al. 2019): small α gives
/// each client few classes, large α approaches IID.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class ClientPartitioner
{
    /// <summary>Shards of near-equal size, from a seeded shuffle of <paramref name="count"/> example indices.</summary>
    /// <exception cref="ArgumentOutOfRangeException">clients is not positive or exceeds count.</exception>
    public static int[][] Iid(int count, int clients, int seed)
    {
        Guard.InRange(clients, 1, Math.Max(1, count));
        int[] order = Enumerable.Range(0, count).ToArray();
        new System.Random(seed).Shuffle(order);
        var shards = new int[clients][];
        for (int c = 0; c < clients; c++)
        {
            int start = (int)((long)count * c / clients), end = (int)((long)count * (c + 1) / clients);
            shards[c] = order[start..end];
        }

        return shards;
    }

    /// <summary>
    /// Non-IID shards: for each class, a Dirichlet(α) draw over the clients gives the share of that class's examples each
    /// client receives. Draws repeat (up to 100 times) until every client holds at least
    /// <paramref name="minimumPerClient"/> examples.
    /// </summary>
    /// <param name="labels">The label of each example.</param>
    /// <param name="clients">The number of clients.</param>
    /// <param name="alpha">The Dirichlet concentration, positive (0.5 is the literature's usual "non-IID").</param>
    /// <param name="seed">Seeds every draw.</param>
    /// <param name="minimumPerClient">The fewest examples a client may hold.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count or α is out of range.</exception>
    /// <exception cref="InvalidOperationException">No draw in 100 gave every client the minimum (too many clients for
    /// the data at this α).</exception>
    public static int[][] Dirichlet(ReadOnlySpan<byte> labels, int clients, double alpha, int seed, int minimumPerClient = 10)
    {
        Guard.InRange(clients, 1, Math.Max(1, labels.Length));
        Guard.IsTrue(double.IsFinite(alpha) && alpha > 0, nameof(alpha), "must be positive");
        Guard.NotNegative(minimumPerClient);
        var random = new System.Random(seed);
        var byClass = new SortedDictionary<byte, List<int>>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (!byClass.TryGetValue(labels[i], out List<int>? list))
            {
                byClass[labels[i]] = list = [];
            }

            list.Add(i);
        }

        for (int attempt = 0; attempt < 100; attempt++)
        {
            var shards = Enumerable.Range(0, clients).Select(_ => new List<int>()).ToArray();
            foreach (List<int> members in byClass.Values)
            {
                int[] shuffled = [.. members];
                random.Shuffle(shuffled);
                double[] shares = DirichletSample(random, clients, alpha);
                double cumulative = 0;
                int start = 0;
                for (int c = 0; c < clients; c++)
                {
                    cumulative += shares[c];
                    int end = c == clients - 1 ? shuffled.Length : (int)Math.Round(cumulative * shuffled.Length);
                    end = Math.Clamp(end, start, shuffled.Length);
                    shards[c].AddRange(shuffled[start..end]);
                    start = end;
                }
            }

            if (shards.All(s => s.Count >= minimumPerClient))
            {
                return [.. shards.Select(s => s.ToArray())];
            }
        }

        throw new InvalidOperationException(
            $"No Dirichlet({alpha}) split of {labels.Length} examples gave each of {clients} clients {minimumPerClient} examples: use fewer clients or a larger alpha.");
    }

    /// <summary>A draw from the symmetric Dirichlet(α) on <paramref name="count"/> outcomes: normalized Gamma(α) draws.</summary>
    internal static double[] DirichletSample(System.Random random, int count, double alpha)
    {
        var draws = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            draws[i] = Gamma(random, alpha);
            sum += draws[i];
        }

        if (sum <= 0)
        {
            // Every draw underflowed (tiny α): one outcome takes everything, as the limit α → 0 does.
            draws[random.Next(count)] = sum = 1;
        }

        for (int i = 0; i < count; i++)
        {
            draws[i] /= sum;
        }

        return draws;
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000); shape below 1 by boosting: Gamma(a+1)·U^(1/a).</summary>
    internal static double Gamma(System.Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        }

        double d = shape - (1.0 / 3), c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNormal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            double u = 1 - random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double StandardNormal(System.Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
