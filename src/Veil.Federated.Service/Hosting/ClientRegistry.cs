using System.Security.Cryptography.X509Certificates;
using Veil.Security;

namespace Veil.Federated.Service.Hosting;

/// <summary>The clients a coordinator accepts: the pin (SHA-256 of the certificate) of each client id. A TLS
/// connection whose certificate is not here is refused during the handshake.</summary>
/// <remarks>Thread-safety: immutable, safe for concurrent use.</remarks>
public sealed class ClientRegistry
{
    private readonly Dictionary<string, int> _idOfPin;

    /// <summary>Creates the registry from client id → certificate pin.</summary>
    /// <exception cref="ArgumentException">A pin repeats.</exception>
    public ClientRegistry(IReadOnlyDictionary<int, string> pins)
    {
        ArgumentNullException.ThrowIfNull(pins);
        _idOfPin = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach ((int id, string pin) in pins)
        {
            Guard.IsTrue(_idOfPin.TryAdd(pin, id), nameof(pins), $"the pin of client {id} repeats");
        }
    }

    /// <summary>The client id of <paramref name="certificate"/>, or null when it is not registered.</summary>
    public int? IdOf(X509Certificate? certificate) =>
        certificate is not null && _idOfPin.TryGetValue(PinnedCertificates.Pin(certificate), out int id) ? id : null;

    /// <summary>Reads a registry file: one line per client, "id pin".</summary>
    /// <exception cref="VeilFormatException">A line is malformed.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ClientRegistry Load(string path)
    {
        var pins = new Dictionary<int, string>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length != 2 || !int.TryParse(parts[0], out int id) || id < 0 || parts[1].Length != 64 || !pins.TryAdd(id, parts[1]))
            {
                throw new VeilFormatException($"{path}, line {number}: expected 'id pin' with a new id and a 64-digit pin");
            }
        }

        return new ClientRegistry(pins);
    }
}
