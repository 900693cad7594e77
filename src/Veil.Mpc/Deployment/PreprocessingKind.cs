namespace Veil.Mpc.Deployment;

/// <summary>Where a session's correlated randomness comes from.</summary>
public enum PreprocessingKind
{
    /// <summary>A trusted dealer, its own endpoint ("dealer").</summary>
    Dealer,

    /// <summary>The two parties themselves, by oblivious transfer ("ot"); no dealer endpoint.</summary>
    ObliviousTransfer,

    /// <summary>The two parties themselves, matrix products by linear homomorphic encryption and the rest by
    /// oblivious transfer ("he"); no dealer endpoint.</summary>
    HomomorphicEncryption,
}

/// <summary>The names of <see cref="PreprocessingKind"/> in files and on the command line.</summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class PreprocessingKinds
{
    /// <summary>The accepted names, in order: "dealer", "ot", "he".</summary>
    public static IReadOnlyList<string> Names { get; } = ["dealer", "ot", "he"];

    /// <summary>The name of <paramref name="kind"/>.</summary>
    public static string Name(this PreprocessingKind kind) => Names[(int)kind];

    /// <summary>
    /// The endpoints of a session of <paramref name="parties"/> parties: one more for the dealer. Dealer-free
    /// preprocessing is for two parties.
    /// </summary>
    /// <exception cref="ArgumentException">A dealer-free kind with other than two parties.</exception>
    public static int Endpoints(this PreprocessingKind kind, int parties)
    {
        Guard.IsTrue(kind == PreprocessingKind.Dealer || parties == 2, nameof(parties), $"must be 2 for \"{kind.Name()}\" preprocessing, not {parties}");
        return kind == PreprocessingKind.Dealer ? parties + 1 : parties;
    }

    /// <summary>The kind named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No kind has that name.</exception>
    public static PreprocessingKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < Names.Count; i++)
        {
            if (Names[i].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return (PreprocessingKind)i;
            }
        }

        throw new ArgumentException($"preprocessing \"{name}\" is unknown; use {string.Join(", ", Names)}.", nameof(name));
    }
}
