using System.Security.Cryptography;

namespace Veil.Federated.SecureAggregation;

/// <summary>The key agreement of secure aggregation: P-256 ECDH from System.Security.Cryptography, with SHA-256 key
/// derivation that binds the purpose, the session and both parties.</summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class SecAggKeys
{
    public static ECDiffieHellman NewKey() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Imports a public key sent by a peer.</summary>
    /// <exception cref="SecAggException">The bytes are not a P-256 public key.</exception>
    public static ECDiffieHellman ImportPublic(byte[] subjectPublicKeyInfo, string what)
    {
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out int read);
            if (read != subjectPublicKeyInfo.Length || key.KeySize != 256)
            {
                throw new SecAggException($"{what} is not a P-256 public key");
            }

            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new SecAggException($"{what} is not a valid public key: {e.Message}", e);
        }
    }

    /// <summary>A 32-byte key for <paramref name="purpose"/> between clients a and b in <paramref name="session"/>:
    /// SHA-256(purpose ‖ session ‖ min(a, b) ‖ max(a, b) ‖ Z), Z the ECDH secret, the same on both sides.</summary>
    public static byte[] Agree(ECDiffieHellman mine, ECDiffieHellman theirs, string purpose, byte[] session, int a, int b)
    {
        byte[] prefix = [.. System.Text.Encoding.ASCII.GetBytes(purpose), .. session, .. BitConverter.GetBytes(Math.Min(a, b)), .. BitConverter.GetBytes(Math.Max(a, b))];
        using ECDiffieHellmanPublicKey publicKey = theirs.PublicKey;
        return mine.DeriveKeyFromHash(publicKey, HashAlgorithmName.SHA256, prefix, null);
    }

    /// <summary>The 32-byte private scalar of a P-256 key, big-endian.</summary>
    public static byte[] PrivateScalar(ECDiffieHellman key)
    {
        ECParameters parameters = key.ExportParameters(includePrivateParameters: true);
        byte[] d = parameters.D!;
        byte[] scalar = new byte[32];
        d.CopyTo(scalar.AsSpan(32 - d.Length));
        CryptographicOperations.ZeroMemory(d);
        return scalar;
    }

    /// <summary>Rebuilds a private key from its scalar and checks it against the advertised public key.</summary>
    /// <exception cref="SecAggException">The scalar is not the advertised key's (a corrupt or forged share).</exception>
    public static ECDiffieHellman FromScalar(byte[] scalar, byte[] advertisedPublicKey, int client)
    {
        using ECDiffieHellman advertised = ImportPublic(advertisedPublicKey, $"client {client}'s mask key");
        ECParameters publicPart = advertised.ExportParameters(includePrivateParameters: false);
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar, Q = publicPart.Q });
            using ECDiffieHellman probe = NewKey();
            using ECDiffieHellman probePublic = ImportPublic(probe.ExportSubjectPublicKeyInfo(), "probe");
            // A private key that does not match Q gives a different shared secret than the matching pair does.
            byte[] viaRebuilt = Agree(key, probePublic, "check", [], 0, 1);
            byte[] viaProbe = Agree(probe, advertised, "check", [], 0, 1);
            if (!CryptographicOperations.FixedTimeEquals(viaRebuilt, viaProbe))
            {
                throw new SecAggException($"the shares of client {client}'s mask key do not rebuild its advertised key");
            }

            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new SecAggException($"the shares of client {client}'s mask key do not rebuild a valid key: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
