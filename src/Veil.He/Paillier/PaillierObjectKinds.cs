using Veil.IO;

namespace Veil.He.Paillier;

/// <summary>The envelope tags of Paillier objects (format version: <see cref="Serialization.HeObjectKinds.Version"/>).</summary>
/// <remarks>Thread-safety: immutable values.</remarks>
public static class PaillierObjectKinds
{
    /// <summary>A public key.</summary>
    public static readonly ObjectKind PublicKey = new("PAPK");

    /// <summary>A secret key.</summary>
    public static readonly ObjectKind SecretKey = new("PASK");

    /// <summary>A ciphertext.</summary>
    public static readonly ObjectKind Ciphertext = new("PACT");

    /// <summary>An encrypted vector.</summary>
    public static readonly ObjectKind Vector = new("PAVE");
}
