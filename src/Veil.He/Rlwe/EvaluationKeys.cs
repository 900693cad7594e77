using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// The public keys an evaluator needs: the relinearization key (optional) and Galois keys by Galois element. This is
/// what a client sends a server; it holds nothing that decrypts.
/// </summary>
/// <remarks>Serialized ("HEEK") compact or full. Thread-safety: immutable, safe for concurrent reads.</remarks>
public sealed class EvaluationKeys
{
    private readonly Dictionary<ulong, GaloisKey> _galois;

    /// <summary>Bundles keys of one parameter set.</summary>
    /// <exception cref="ParameterMismatchException">A key belongs to other parameters.</exception>
    public EvaluationKeys(Parameters parameters, RelinearizationKey? relinearization, IEnumerable<GaloisKey>? galoisKeys)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        if (relinearization is not null)
        {
            ParameterGuard.Same(parameters, relinearization.Parameters, "relinearization key");
        }

        Relinearization = relinearization;
        _galois = [];
        foreach (GaloisKey key in galoisKeys ?? [])
        {
            ParameterGuard.Same(parameters, key.Parameters, "Galois key");
            _galois[key.GaloisElement] = key;
        }
    }

    /// <summary>The parameters the keys belong to.</summary>
    public Parameters Parameters { get; }

    /// <summary>The relinearization key, if any.</summary>
    public RelinearizationKey? Relinearization { get; }

    /// <summary>The Galois keys by Galois element.</summary>
    public IReadOnlyDictionary<ulong, GaloisKey> GaloisKeys => _galois;

    /// <summary>The CKKS rotation steps (in (−N/4, N/4]) that have a key of their own.</summary>
    public IEnumerable<int> RotationSteps()
    {
        int slots = Parameters.Slots;
        for (int step = 1; step < slots; step++)
        {
            if (_galois.ContainsKey(Automorphism.RotationElement(Parameters.LogN, step)))
            {
                yield return step <= slots / 2 ? step : step - slots;
            }
        }
    }

    /// <summary>Serialized size in bytes, compact (seeded) or full.</summary>
    public long SerializedSize(bool compact = true) =>
        ObjectHeader.EnvelopeSize(ObjectHeader.Size + 1 + (Relinearization?.Key.PayloadSize(compact) ?? 0) + 4 +
            _galois.Values.Sum(k => k.PayloadSize(compact) - ObjectHeader.Size));

    /// <summary>Writes all keys ("HEEK").</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream, bool compact = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter();
        ObjectHeader.Write(writer, Parameters);
        writer.WriteBoolean(Relinearization is not null);
        Relinearization?.Key.Write(writer, compact);
        writer.WriteInt32(_galois.Count);
        foreach (GaloisKey key in _galois.Values.OrderBy(k => k.GaloisElement))
        {
            key.WriteBody(writer, compact);
        }

        Envelope.Write(stream, HeObjectKinds.EvaluationKeys, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads evaluation keys written under <paramref name="parameters"/>.</summary>
    /// <exception cref="ParameterMismatchException">They were written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not evaluation keys.</exception>
    public static EvaluationKeys ReadFrom(Stream stream, Parameters parameters, string source = "evaluation keys")
    {
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.EvaluationKeys, parameters, "evaluation keys", source);
        RelinearizationKey? relinearization = reader.ReadBoolean()
            ? new RelinearizationKey(KeySwitchingKey.Read(reader, parameters))
            : null;
        int count = reader.ReadInt32(0, parameters.N, "the number of Galois keys");
        var keys = new List<GaloisKey>(count);
        for (int i = 0; i < count; i++)
        {
            keys.Add(GaloisKey.ReadBody(reader, parameters));
        }

        reader.EnsureEnd();
        return new EvaluationKeys(parameters, relinearization, keys);
    }
}
