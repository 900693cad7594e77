using System.Security.Cryptography.X509Certificates;
using Veil.Security;

namespace Veil.Federated.Service.Hosting;

/// <summary>
/// The certificates of a federation: the coordinator's and one per client, self-signed and trusted by pin. On disk
/// (<see cref="Write"/>): <c>server.pfx</c> (0600) and <c>server.pin</c>; <c>client-K.pfx</c> (0600) for each client;
/// and <c>clients.pins</c>, the coordinator's registry. A real deployment gives each client only its own .pfx and
/// server.pin.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class FederationKeys
{
    /// <summary>File names in a keys directory.</summary>
    public const string ServerFile = "server.pfx", ServerPinFile = "server.pin", RegistryFile = "clients.pins";

    /// <summary>Creates the coordinator's certificate and <paramref name="clients"/> client certificates.</summary>
    /// <exception cref="ArgumentOutOfRangeException">clients is not positive.</exception>
    public static (X509Certificate2 Server, X509Certificate2[] Clients) Create(int clients)
    {
        Guard.Positive(clients);
        X509Certificate2 server = PinnedCertificates.Create("veil-fl-server", TimeSpan.FromDays(365));
        X509Certificate2[] all = [.. Enumerable.Range(0, clients).Select(k => PinnedCertificates.Create($"veil-fl-client-{k}", TimeSpan.FromDays(365)))];
        return (server, all);
    }

    /// <summary>The coordinator's registry of <paramref name="clients"/> (client k is the k-th certificate).</summary>
    public static ClientRegistry Registry(IReadOnlyList<X509Certificate2> clients) =>
        new(Enumerable.Range(0, clients.Count).ToDictionary(k => k, k => PinnedCertificates.Pin(clients[k])));

    /// <summary>Writes the certificates to <paramref name="directory"/>.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static void Write(string directory, X509Certificate2 server, IReadOnlyList<X509Certificate2> clients)
    {
        Directory.CreateDirectory(directory);
        PinnedCertificates.WritePfx(server, Path.Combine(directory, ServerFile));
        File.WriteAllText(Path.Combine(directory, ServerPinFile), PinnedCertificates.Pin(server) + "\n");
        var lines = new List<string>();
        for (int k = 0; k < clients.Count; k++)
        {
            PinnedCertificates.WritePfx(clients[k], Path.Combine(directory, ClientFile(k)));
            lines.Add($"{k} {PinnedCertificates.Pin(clients[k])}");
        }

        File.WriteAllLines(Path.Combine(directory, RegistryFile), lines);
    }

    /// <summary>The file name of client <paramref name="id"/>'s certificate.</summary>
    public static string ClientFile(int id) => $"client-{id}.pfx";

    /// <summary>Reads the server pin from a keys directory.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="VeilFormatException">It does not hold a 64-digit pin.</exception>
    public static string ReadServerPin(string directory)
    {
        string path = Path.Combine(directory, ServerPinFile);
        string pin = File.ReadAllText(path).Trim();
        return pin.Length == 64 && pin.All(Uri.IsHexDigit) ? pin : throw new VeilFormatException($"{path} does not hold a certificate pin");
    }
}
