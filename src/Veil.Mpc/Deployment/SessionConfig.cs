using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Deployment;

/// <summary>
/// A session's parties file: the compute parties and the dealer (address, port, pinned certificate), the session
/// settings (fixed-point bits, timeouts), where each endpoint's private key lives, and an optional job every party
/// runs. The same file goes to every host; each host also holds only its own <c>NAME.pfx</c>. JSON:
/// <code>
/// { "format": "veil-mpc-session", "version": 1, "parties": 2, "fractional_bits": 16, "keys": ".",
///   "timeouts": { "connect_seconds": 30, "receive_seconds": 60, "dealer_idle_seconds": 600 },
///   "network": { "rtt_ms": 40, "bandwidth_mbps": 100 },   (optional: emulate a network on every link)
///   "preprocessing": "dealer",   (optional: "ot" or "he" for two parties without a dealer endpoint)
///   "endpoints": [ { "id": 0, "name": "party0", "role": "party", "host": "127.0.0.1", "port": 47100,
///                    "certificate_sha256": "…" }, …, { "id": 2, "name": "dealer", "role": "dealer", … } ],
///   "job": { "kind": "selftest", "elements": 4096 } }
/// </code>
/// </summary>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public sealed record SessionConfig
{
    /// <summary>The value of the "format" field.</summary>
    public const string FormatName = "veil-mpc-session";

    /// <summary>The newest version this code reads and writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The number of compute parties; the dealer is endpoint <see cref="Parties"/>.</summary>
    public required int Parties { get; init; }

    /// <summary>Fixed-point fractional bits.</summary>
    public int FractionalBits { get; init; } = FixedPointFormat.DefaultFractionalBits;

    /// <summary>The parties, then the dealer if the session has one, numbered 0 .. <see cref="EndpointCount"/> − 1.</summary>
    public required ImmutableArray<TlsEndpoint> Endpoints { get; init; }

    /// <summary>Where the correlated randomness comes from; a dealer-free session has two parties and no dealer endpoint.</summary>
    public PreprocessingKind Preprocessing { get; init; } = PreprocessingKind.Dealer;

    /// <summary>True when a trusted dealer takes part (endpoint <see cref="DealerId"/>).</summary>
    public bool HasDealer => Preprocessing == PreprocessingKind.Dealer;

    /// <summary>The number of endpoints: the parties, plus the dealer if there is one.</summary>
    public int EndpointCount => HasDealer ? Parties + 1 : Parties;

    /// <summary>The highest endpoint id: the dealer's, or the last party's without a dealer.</summary>
    public int LastEndpointId => EndpointCount - 1;

    /// <summary>The directory of the endpoints' <c>NAME.pfx</c> files (relative paths are resolved against the file's directory on load).</summary>
    public string KeysDirectory { get; init; } = ".";

    /// <summary>How long endpoints wait for each other to connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a party waits for a peer's message.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the dealer waits for party 0's next request.</summary>
    public TimeSpan DealerIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A network every endpoint emulates on its outgoing links (benchmarks), or null for none.</summary>
    public NetworkConditions? Network { get; init; }

    /// <summary>The job the parties run (its "kind" selects the handler), or null.</summary>
    public JsonObject? Job { get; init; }

    /// <summary>The dealer's endpoint id (meaningful only when <see cref="HasDealer"/>).</summary>
    public int DealerId => Parties;

    /// <summary>The transport settings of this session.</summary>
    public TransportOptions TransportOptions => new() { ConnectTimeout = ConnectTimeout, ReceiveTimeout = ReceiveTimeout, Network = Network };

    /// <summary>The path of endpoint <paramref name="id"/>'s certificate with its private key.</summary>
    public string CertificatePath(int id) => Path.Combine(KeysDirectory, Endpoints[id].Name + ".pfx");

    /// <summary>Parses an endpoint argument: a party id, or "dealer".</summary>
    /// <exception cref="ArgumentException">It names no endpoint of this session.</exception>
    public int ParseEndpoint(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (HasDealer && value.Equals("dealer", StringComparison.OrdinalIgnoreCase))
        {
            return DealerId;
        }

        Guard.IsTrue(int.TryParse(value, out int id) && id >= 0 && id <= LastEndpointId, nameof(value),
            HasDealer ? $"must be a party id 0 .. {Parties - 1} or \"dealer\", not \"{value}\"" : $"must be a party id 0 .. {Parties - 1} (the session has no dealer), not \"{value}\"");
        return id;
    }

    /// <summary>Reads a parties file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="VeilFormatException">It is not valid JSON, not a session file, of a newer version, or inconsistent.</exception>
    public static SessionConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No parties file at {path}.", path);
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new VeilFormatException($"{path}: not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new VeilFormatException($"{path}: not valid JSON: {ex.Message}", ex);
        }

        try
        {
            return Parse(root, Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or JsonException)
        {
            throw new VeilFormatException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the parties file (with "keys" as given, so a relative directory stays relative).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path) =>
        File.WriteAllText(path, ToJsonObject().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>The parties file's contents on one line (what a parent process hands a child on its standard input).</summary>
    public string ToJsonLine() => ToJsonObject().ToJsonString();

    /// <summary>Reads a session from the text of a parties file; relative key directories resolve against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="VeilFormatException">It is not valid JSON, not a session file, of a newer version, or inconsistent.</exception>
    public static SessionConfig FromJson(string text, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var root = JsonNode.Parse(text) as JsonObject ?? throw new VeilFormatException("the session is not a JSON object.");
            return Parse(root, Path.GetFullPath(baseDirectory));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or JsonException)
        {
            throw new VeilFormatException($"the session is invalid: {ex.Message}", ex);
        }
    }

    private JsonObject ToJsonObject()
    {
        var endpoints = new JsonArray();
        foreach (var endpoint in Endpoints)
        {
            endpoints.Add(new JsonObject
            {
                ["id"] = endpoint.Id,
                ["name"] = endpoint.Name,
                ["role"] = HasDealer && endpoint.Id == DealerId ? "dealer" : "party",
                ["host"] = endpoint.Host,
                ["port"] = endpoint.Port,
                ["certificate_sha256"] = endpoint.CertificateSha256,
            });
        }

        var root = new JsonObject
        {
            ["format"] = FormatName,
            ["version"] = CurrentVersion,
            ["parties"] = Parties,
            ["fractional_bits"] = FractionalBits,
            ["keys"] = KeysDirectory,
            ["timeouts"] = new JsonObject
            {
                ["connect_seconds"] = ConnectTimeout.TotalSeconds,
                ["receive_seconds"] = ReceiveTimeout.TotalSeconds,
                ["dealer_idle_seconds"] = DealerIdleTimeout.TotalSeconds,
            },
            ["endpoints"] = endpoints,
        };
        if (!HasDealer)
        {
            root["preprocessing"] = Preprocessing.Name();
        }

        if (Network is not null)
        {
            root["network"] = new JsonObject
            {
                ["rtt_ms"] = Network.RoundTrip.TotalMilliseconds,
                ["bandwidth_mbps"] = Network.BitsPerSecond / 1e6,
            };
        }

        if (Job is not null)
        {
            root["job"] = Job.DeepClone();
        }

        return root;
    }

    private static SessionConfig Parse(JsonObject root, string baseDirectory)
    {
        string format = Required(root, "format").GetValue<string>();
        if (format != FormatName)
        {
            throw new FormatException($"\"format\" is \"{format}\", not \"{FormatName}\"");
        }

        int version = Required(root, "version").GetValue<int>();
        if (version > CurrentVersion)
        {
            throw new FormatException($"version {version} is newer than this Veil reads ({CurrentVersion})");
        }

        int parties = Required(root, "parties").GetValue<int>();
        if (parties is < 2 or > 63)
        {
            throw new FormatException($"\"parties\" is {parties}; 2 to 63 are supported");
        }

        PreprocessingKind preprocessing = root["preprocessing"] is { } kind ? PreprocessingKinds.Parse(kind.GetValue<string>()) : PreprocessingKind.Dealer;
        bool dealer = preprocessing == PreprocessingKind.Dealer;
        if (!dealer && parties != 2)
        {
            throw new FormatException($"preprocessing \"{preprocessing.Name()}\" is for two parties, not {parties}");
        }

        var list = Required(root, "endpoints").AsArray();
        if (list.Count != (dealer ? parties + 1 : parties))
        {
            throw new FormatException(dealer ? $"{list.Count} endpoints for {parties} parties and a dealer" : $"{list.Count} endpoints for {parties} parties without a dealer");
        }

        var endpoints = ImmutableArray.CreateBuilder<TlsEndpoint>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            var entry = list[i] as JsonObject ?? throw new FormatException($"endpoint {i} is not an object");
            int id = Required(entry, "id").GetValue<int>();
            string expected = dealer && i == parties ? "dealer" : "party";
            string role = entry["role"]?.GetValue<string>() ?? expected;
            if (id != i || role != expected)
            {
                throw new FormatException($"endpoint {i} has id {id} and role \"{role}\"; the parties come first in order, then the dealer");
            }

            string pin = Required(entry, "certificate_sha256").GetValue<string>();
            if (pin.Length != 64 || !pin.All(Uri.IsHexDigit))
            {
                throw new FormatException($"endpoint {i}'s certificate_sha256 is not 64 hexadecimal digits");
            }

            int port = Required(entry, "port").GetValue<int>();
            if (port is < 1 or > 65535)
            {
                throw new FormatException($"endpoint {i}'s port {port} is not a TCP port");
            }

            endpoints.Add(new TlsEndpoint(id, Required(entry, "name").GetValue<string>(), Required(entry, "host").GetValue<string>(), port, pin));
        }

        if (endpoints.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() != endpoints.Count)
        {
            throw new FormatException("two endpoints share a name");
        }

        var timeouts = root["timeouts"] as JsonObject;
        var defaults = new SessionConfig { Parties = parties, Endpoints = [] };
        string keys = root["keys"]?.GetValue<string>() ?? ".";
        return new SessionConfig
        {
            Parties = parties,
            FractionalBits = Guard.InRange(root["fractional_bits"]?.GetValue<int>() ?? FixedPointFormat.DefaultFractionalBits, 0, FixedPointFormat.MaxFractionalBits, "fractional_bits"),
            Endpoints = endpoints.MoveToImmutable(),
            Preprocessing = preprocessing,
            KeysDirectory = Path.GetFullPath(keys, baseDirectory),
            ConnectTimeout = Seconds(timeouts, "connect_seconds", defaults.ConnectTimeout),
            ReceiveTimeout = Seconds(timeouts, "receive_seconds", defaults.ReceiveTimeout),
            DealerIdleTimeout = Seconds(timeouts, "dealer_idle_seconds", defaults.DealerIdleTimeout),
            Network = ParseNetwork(root["network"] as JsonObject),
            Job = root["job"] as JsonObject is { } job ? (JsonObject)job.DeepClone() : null,
        };
    }

    private static NetworkConditions? ParseNetwork(JsonObject? network)
    {
        if (network is null)
        {
            return null;
        }

        var conditions = new NetworkConditions
        {
            RoundTrip = TimeSpan.FromMilliseconds(Required(network, "rtt_ms").GetValue<double>()),
            BitsPerSecond = Required(network, "bandwidth_mbps").GetValue<double>() * 1e6,
        };
        conditions.Validate();
        return conditions;
    }

    private static JsonNode Required(JsonObject node, string name) =>
        node[name] ?? throw new FormatException($"the field \"{name}\" is missing");

    private static TimeSpan Seconds(JsonObject? node, string name, TimeSpan fallback)
    {
        if (node?[name] is not { } value)
        {
            return fallback;
        }

        double seconds = value.GetValue<double>();
        if (!(seconds > 0 && seconds < 1e6))
        {
            throw new FormatException($"timeouts.{name} is {seconds}; it must be positive");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
