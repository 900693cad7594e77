using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Veil.IO;

namespace Veil.Security;

/// <summary>
/// Self-signed ECDSA P-256 certificates for the endpoints of a deployment (MPC parties, federated-learning servers and
/// clients). They are trusted by pinning (each side holds the other's SHA-256 hash, <see cref="Pin"/>), not by a chain,
/// so no certificate authority is needed.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class PinnedCertificates
{
    /// <summary>Creates a certificate for <paramref name="name"/> with its private key, valid from now for <paramref name="validity"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static X509Certificate2 Create(string name, TimeSpan validity)
    {
        Guard.IsTrue(!string.IsNullOrWhiteSpace(name), nameof(name), "must not be empty");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}, O=Veil"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 created = request.CreateSelfSigned(now.AddMinutes(-5), now + validity);

        // A round trip through PKCS#12 gives a certificate whose key TLS can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The SHA-256 pin of a certificate: the hash of its DER encoding, 64 uppercase hexadecimal digits.</summary>
    public static string Pin(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>Writes the certificate with its private key as PKCS#12 (.pfx), created readable by the owner only (mode 0600 from
    /// the start; see <see cref="PrivateFile"/>).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WritePfx(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        byte[] pfx = certificate.Export(X509ContentType.Pkcs12);
        try
        {
            PrivateFile.WriteAllBytes(path, pfx);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }

    /// <summary>Writes the public certificate only, as PEM.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WritePem(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>Loads a certificate with its private key from a .pfx file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="VeilFormatException">The file is not a PKCS#12 certificate with a private key.</exception>
    public static X509Certificate2 LoadPfx(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No certificate file at {path}.", path);
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, null);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new VeilFormatException($"{path} holds no private key.");
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            throw new VeilFormatException($"{path} is not a PKCS#12 certificate: {ex.Message}", ex);
        }
    }
}
