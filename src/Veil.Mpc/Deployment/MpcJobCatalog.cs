using System.Text.Json.Nodes;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Deployment;

/// <summary>
/// The job kinds a party process can run, by name. The composition root (the CLI) builds one and registers the kinds
/// it knows: <see cref="SelfTestJob"/> here, model evaluation where the NN adapter is available.
/// </summary>
/// <remarks>Thread-safety: register kinds before sharing the catalog; reads are then safe from any thread.</remarks>
public sealed class MpcJobCatalog
{
    private readonly Dictionary<string, Func<JsonObject, IMpcJob>> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<PreprocessingKind, Func<IMpcTransport, int, ITripleSource>> _preprocessing = [];

    /// <summary>A catalog with the built-in kinds ("selftest") and the oblivious-transfer preprocessing.</summary>
    public static MpcJobCatalog WithBuiltIns()
    {
        var catalog = new MpcJobCatalog();
        catalog.Register(SelfTestJob.Kind, SelfTestJob.FromDescription);
        catalog.RegisterPreprocessing(PreprocessingKind.ObliviousTransfer, (transport, party) => OtTripleSource.Connect(transport, party));
        return catalog;
    }

    /// <summary>The registered kinds.</summary>
    public IEnumerable<string> Kinds => _kinds.Keys;

    /// <summary>Registers the factory of a job kind.</summary>
    /// <exception cref="ArgumentException">The kind is registered already.</exception>
    public void Register(string kind, Func<JsonObject, IMpcJob> factory)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(factory);
        Guard.IsTrue(_kinds.TryAdd(kind, factory), nameof(kind), $"\"{kind}\" is registered already");
    }

    /// <summary>Registers how this process makes a dealer-free kind of preprocessing from a party's transport and id.</summary>
    /// <exception cref="ArgumentException">The kind is the dealer's or registered already.</exception>
    public void RegisterPreprocessing(PreprocessingKind kind, Func<IMpcTransport, int, ITripleSource> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Guard.IsTrue(kind != PreprocessingKind.Dealer, nameof(kind), "is the dealer's, which every session knows");
        Guard.IsTrue(_preprocessing.TryAdd(kind, factory), nameof(kind), $"\"{kind.Name()}\" is registered already");
    }

    /// <summary>Runs the setup of party <paramref name="party"/>'s dealer-free preprocessing of <paramref name="kind"/>.</summary>
    /// <exception cref="VeilFormatException">This process cannot make that kind.</exception>
    /// <exception cref="PeerFailedException">The other party failed during the setup.</exception>
    public ITripleSource CreatePreprocessing(PreprocessingKind kind, IMpcTransport transport, int party) =>
        _preprocessing.TryGetValue(kind, out var factory)
            ? factory(transport, party)
            : throw new VeilFormatException($"This process cannot make \"{kind.Name()}\" preprocessing.");

    /// <summary>Creates the job a description asks for.</summary>
    /// <exception cref="VeilFormatException">The description has no known "kind", or invalid arguments.</exception>
    public IMpcJob Create(JsonObject description)
    {
        ArgumentNullException.ThrowIfNull(description);
        string? kind = description["kind"]?.GetValue<string>();
        if (kind is null || !_kinds.TryGetValue(kind, out var factory))
        {
            throw new VeilFormatException($"Unknown MPC job kind \"{kind}\"; known: {string.Join(", ", _kinds.Keys)}.");
        }

        try
        {
            return factory(description);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new VeilFormatException($"Invalid \"{kind}\" job: {ex.Message}", ex);
        }
    }
}
