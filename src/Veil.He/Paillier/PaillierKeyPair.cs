namespace Veil.He.Paillier;

/// <summary>A freshly generated Paillier key pair.</summary>
/// <param name="PublicKey">For encryption and evaluation: give it to anyone.</param>
/// <param name="SecretKey">For decryption: keep it.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record PaillierKeyPair(PaillierPublicKey PublicKey, PaillierSecretKey SecretKey);
