using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Veil.Mpc.Transport;
using Veil.Security;

namespace Veil.Mpc.Deployment;

/// <summary>Creates a session's certificates and parties file (what <c>veil mpc keys</c> does).</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class SessionKeys
{
    /// <summary>
    /// Writes <c>NAME.pfx</c> (private) and <c>NAME.crt</c> (public, PEM) for each party and the dealer, and
    /// <c>parties.json</c> pinning them, into <paramref name="directory"/>; returns the parties file's path.
    /// </summary>
    /// <param name="directory">The output directory (created if missing).</param>
    /// <param name="parties">The number of compute parties.</param>
    /// <param name="hosts">One host for every endpoint, or one per endpoint (the parties, then the dealer).</param>
    /// <param name="ports">The port of each endpoint (the parties, then the dealer).</param>
    /// <param name="job">The job to write into the file, or null.</param>
    /// <param name="overwrite">Replace existing files instead of refusing.</param>
    /// <param name="preprocessing">Where the correlations come from; without a dealer there is no dealer endpoint
    /// (and the host and port lists name the parties only).</param>
    /// <exception cref="ArgumentException">The host or port lists do not match the endpoint count.</exception>
    /// <exception cref="IOException">A file exists and <paramref name="overwrite"/> is false, or cannot be written.</exception>
    public static string Create(string directory, int parties, IReadOnlyList<string> hosts, IReadOnlyList<int> ports, JsonObject? job, bool overwrite,
        PreprocessingKind preprocessing = PreprocessingKind.Dealer)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(ports);
        Guard.InRange(parties, 2, 63);
        bool dealer = preprocessing == PreprocessingKind.Dealer;
        int count = preprocessing.Endpoints(parties);
        Guard.IsTrue(hosts.Count == 1 || hosts.Count == count, nameof(hosts), dealer ? $"must name one host or {count} (the parties, then the dealer)" : $"must name one host or {count}");
        Guard.LengthEquals(ports.Count, count, nameof(ports));
        Directory.CreateDirectory(directory);
        string file = Path.Combine(directory, "parties.json");
        var names = Enumerable.Range(0, count).Select(id => id == parties ? "dealer" : $"party{id}").ToArray();
        if (!overwrite)
        {
            foreach (string path in names.SelectMany(n => new[] { n + ".pfx", n + ".crt" }).Append("parties.json").Select(n => Path.Combine(directory, n)))
            {
                if (File.Exists(path))
                {
                    throw new IOException($"{path} exists; pass --force to replace the session's keys.");
                }
            }
        }

        var endpoints = ImmutableArray.CreateBuilder<TlsEndpoint>(count);
        for (int id = 0; id < count; id++)
        {
            using var certificate = PinnedCertificates.Create(names[id], TimeSpan.FromDays(365));
            PinnedCertificates.WritePfx(certificate, Path.Combine(directory, names[id] + ".pfx"));
            PinnedCertificates.WritePem(certificate, Path.Combine(directory, names[id] + ".crt"));
            endpoints.Add(new TlsEndpoint(id, names[id], hosts.Count == 1 ? hosts[0] : hosts[id], ports[id], TlsTransport.Pin(certificate)));
        }

        new SessionConfig { Parties = parties, Endpoints = endpoints.MoveToImmutable(), Job = job, Preprocessing = preprocessing }.Save(file);
        return file;
    }
}
