using System.Text.Json.Nodes;

namespace Veil.Mpc.Deployment;

/// <summary>
/// The job kinds a party process can run, by name. The composition root (the CLI) builds one and registers the kinds
/// it knows: <see cref="SelfTestJob"/> here, model evaluation where the NN adapter is available.
/// </summary>
/// <remarks>Thread-safety: register kinds before sharing the catalog; reads are then safe from any thread.</remarks>
public sealed class MpcJobCatalog
{
    private readonly Dictionary<string, Func<JsonObject, IMpcJob>> _kinds = new(StringComparer.Ordinal);

    /// <summary>A catalog with the built-in kinds ("selftest").</summary>
    public static MpcJobCatalog WithBuiltIns()
    {
        var catalog = new MpcJobCatalog();
        catalog.Register(SelfTestJob.Kind, SelfTestJob.FromDescription);
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
