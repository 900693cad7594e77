using Veil.IO;

namespace Veil.He.Serialization;

/// <summary>The envelope tags of Veil.He's binary objects, and their current format version.</summary>
/// <remarks>Thread-safety: immutable values.</remarks>
public static class HeObjectKinds
{
    /// <summary>The format version written by this build (and the newest it reads).</summary>
    public const ushort Version = 1;

    /// <summary>Parameters.</summary>
    public static readonly ObjectKind Parameters = new("HEPA");

    /// <summary>A secret key.</summary>
    public static readonly ObjectKind SecretKey = new("HESK");

    /// <summary>A public key.</summary>
    public static readonly ObjectKind PublicKey = new("HEPK");

    /// <summary>A relinearization key.</summary>
    public static readonly ObjectKind RelinearizationKey = new("HERK");

    /// <summary>A Galois (rotation) key.</summary>
    public static readonly ObjectKind GaloisKey = new("HEGK");

    /// <summary>A set of evaluation keys: relinearization and Galois keys together.</summary>
    public static readonly ObjectKind EvaluationKeys = new("HEEK");

    /// <summary>A plaintext.</summary>
    public static readonly ObjectKind Plaintext = new("HEPT");

    /// <summary>A BFV plaintext: N coefficients modulo the plaintext modulus t.</summary>
    public static readonly ObjectKind BfvPlaintext = new("HEBP");

    /// <summary>A ciphertext.</summary>
    public static readonly ObjectKind Ciphertext = new("HECT");

    /// <summary>A level-0 ciphertext without the low bits of its coefficients (<see cref="Rlwe.TruncatedCiphertext"/>).</summary>
    public static readonly ObjectKind TruncatedCiphertext = new("HETC");
}
