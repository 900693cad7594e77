namespace Veil.Mpc.Nn.Training;

/// <summary>
/// How the training examples are divided among the data owners (the compute parties), horizontally: owner p holds the
/// examples with global indices [Start(p), Start(p) + Count(p)), whole examples with their labels. The counts are
/// public (every party needs the batch shapes); the examples are not.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed class HorizontalSplit
{
    private readonly int[] _starts;

    /// <summary>Creates a split from each owner's number of examples.</summary>
    /// <exception cref="ArgumentException">No owner, a negative count, or no examples in all.</exception>
    public HorizontalSplit(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Guard.IsTrue(counts.Count > 0, nameof(counts), "must name at least one owner");
        Counts = [.. counts];
        _starts = new int[counts.Count + 1];
        for (int p = 0; p < counts.Count; p++)
        {
            _starts[p + 1] = _starts[p] + Guard.NotNegative(counts[p]);
        }

        Guard.IsTrue(Total > 0, nameof(counts), "must hold at least one example in all");
    }

    /// <summary>Each owner's number of examples.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <summary>The number of owners.</summary>
    public int Owners => Counts.Count;

    /// <summary>All examples.</summary>
    public int Total => _starts[^1];

    /// <summary>Splits <paramref name="total"/> examples as evenly as possible among <paramref name="owners"/> owners in order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive.</exception>
    public static HorizontalSplit Even(int total, int owners)
    {
        Guard.Positive(total);
        Guard.Positive(owners);
        return new HorizontalSplit(Enumerable.Range(0, owners).Select(p => ((p + 1) * total / owners) - (p * total / owners)).ToArray());
    }

    /// <summary>The global index of owner <paramref name="owner"/>'s first example.</summary>
    public int Start(int owner) => _starts[Guard.InRange(owner, 0, Owners - 1)];

    /// <summary>The owner of the example with global index <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not an example.</exception>
    public int OwnerOf(int index)
    {
        Guard.InRange(index, 0, Total - 1);
        int owner = 0;
        while (index >= _starts[owner + 1])
        {
            owner++;
        }

        return owner;
    }
}
